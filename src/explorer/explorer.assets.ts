import path from "node:path";
import { explorerStartScript } from "./explorer.start";

/** One file the explorer page loads, served from /graphql/explorer/<name>. */
export interface ExplorerAsset {
  contentType: "application/javascript" | "text/css";
  /** An installed package's file, or (for our own start script) the text itself. */
  file?: string;
  text?: string;
}

function packageFile(pkg: string, file: string): string {
  // Every package here exports its package.json; the UMD builds themselves are not in their "exports".
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * Prebuilt browser bundles shipped inside the npm packages, so the page needs no build step and no network:
 * graphiql@3 is the last major with a UMD build (fonts inlined as data: URLs in its CSS); it runs on the
 * React 18 UMD builds (React 19 ships none).
 */
export const EXPLORER_ASSETS: Readonly<Record<string, ExplorerAsset>> = {
  "graphiql.css": { contentType: "text/css", file: packageFile("graphiql", "graphiql.min.css") },
  "react.js": { contentType: "application/javascript", file: packageFile("react", "umd/react.production.min.js") },
  "react-dom.js": {
    contentType: "application/javascript",
    file: packageFile("react-dom", "umd/react-dom.production.min.js"),
  },
  "graphiql.js": { contentType: "application/javascript", file: packageFile("graphiql", "graphiql.min.js") },
  "start.js": { contentType: "application/javascript", text: explorerStartScript },
};
