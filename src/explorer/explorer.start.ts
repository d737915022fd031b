// The browser script that mounts GraphiQL. A separate file rather than an inline <script>, so the page's
// Content-Security-Policy can allow scripts from this server only.

const DEFAULT_QUERY = `# outhook GraphQL explorer
#
# 1. Paste your API token between the quotes of
#    "Authorization" in the Headers pane below.
# 2. Run the query: the play button or Ctrl-Enter.
#    Docs (the book icon, top left) list every query,
#    mutation and type once the token is in.

query Viewer {
  viewer {
    username
    role
    organizationId
  }
}
`;

const DEFAULT_HEADERS = `{
  "Authorization": ""
}`;

const NO_TOKEN_YET = "Paste your API token as the Authorization value in the Headers pane to load the schema.";

// Wait this long after the last edit of the headers before fetching the schema again with the new token,
// so typing a token does not send one introspection per keystroke.
const REFETCH_SCHEMA_AFTER_MS = 400;

export const explorerStartScript = `"use strict";
(function () {
  var DEFAULT_QUERY = ${JSON.stringify(DEFAULT_QUERY)};
  var DEFAULT_HEADERS = ${JSON.stringify(DEFAULT_HEADERS)};
  var NO_TOKEN_YET = ${JSON.stringify(NO_TOKEN_YET)};
  // The API is the page's own path, also behind a reverse proxy that adds a prefix.
  var endpoint = location.pathname.replace(/\\/+$/, "");
  var subscriptionUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + endpoint;

  // The Authorization value in the headers JSON; null while the JSON does not parse (the user is typing).
  function authorizationIn(headersText) {
    try {
      var headers = JSON.parse(headersText || "{}");
      if (!headers || typeof headers !== "object") return "";
      var value = headers.Authorization !== undefined ? headers.Authorization : headers.authorization;
      return value === undefined || value === null ? "" : String(value);
    } catch (e) {
      return null;
    }
  }

  // GraphiQL sends the Headers pane with every request (and as the graphql-ws connection_init payload);
  // it fetches the schema only when it gets a new fetcher, so a changed token gets one. Without a token the
  // schema fetch would only earn a 401: say what to do instead.
  function newFetcher() {
    var send = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: subscriptionUrl });
    return function (params, options) {
      var headers = (options && options.headers) || {};
      if (params.operationName === "IntrospectionQuery" && !headers.Authorization && !headers.authorization) {
        return Promise.resolve({ errors: [{ message: NO_TOKEN_YET }] });
      }
      return send(params, options);
    };
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  var fetcher = newFetcher();
  var authorization = authorizationIn(DEFAULT_HEADERS);
  var pending;

  function onEditHeaders(text) {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var next = authorizationIn(text);
      if (next === null || next === authorization) return;
      authorization = next;
      fetcher = newFetcher();
      render();
    }, ${REFETCH_SCHEMA_AFTER_MS});
  }

  function render() {
    root.render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        defaultQuery: DEFAULT_QUERY,
        defaultHeaders: DEFAULT_HEADERS,
        defaultEditorToolsVisibility: "headers",
        onEditHeaders: onEditHeaders,
      }),
    );
  }

  render();
})();
`;
