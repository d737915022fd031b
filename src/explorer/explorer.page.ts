/**
 * Nothing outside this server: no CDN, font or analytics host. GraphiQL sets inline styles and its CSS
 * inlines its fonts (data: URLs); the API and graphql-ws subscriptions are same-origin. A page that holds
 * an API token is never framed.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** The HTML of the explorer; `assets` is where /graphql/explorer/ is, relative to the page. */
export function explorerPage(assets: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>outhook GraphQL explorer</title>
<link rel="stylesheet" href="${assets}graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql"></div>
<noscript>The GraphQL explorer needs JavaScript. The API itself is POST /graphql.</noscript>
<script src="${assets}react.js"></script>
<script src="${assets}react-dom.js"></script>
<script src="${assets}graphiql.js"></script>
<script src="${assets}start.js"></script>
</body>
</html>
`;
}
