import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/server";

// The explorer in a real headless Chromium, offline: every request that would leave this machine fails the test.
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);
// Chromium's first start unpacks itself to /tmp and a 2-core machine may be busy: be generous.
const SLOW = 60_000;
jest.setTimeout(180_000);

describe("GET /graphql explorer in a browser", () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const leaks: string[] = [];
  const failures: string[] = [];
  const loaded: { url: string; status: number }[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    browser = await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      args: [...chromium.args, "--no-sandbox"],
      headless: "shell",
      protocolTimeout: SLOW,
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.setDefaultTimeout(SLOW);
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol === "data:" || LOCAL_HOSTS.has(url.hostname)) return void request.continue();
      leaks.push(request.url());
      void request.abort("blockedbyclient");
    });
    page.on("response", (response) => {
      if (response.request().method() === "GET") loaded.push({ url: response.url(), status: response.status() });
    });
    page.on("pageerror", (error) => failures.push(`page error: ${error}`));
    page.on("console", (message) => {
      if (message.type() === "error") failures.push(`console: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("loads without a token, every GET answers 200, and nothing tries to leave the machine", async () => {
    const response = await page.goto(`${t.url}/graphql`, { waitUntil: "load", timeout: SLOW });
    expect(response?.status()).toBe(200);
    expect(leaks).toEqual([]);
    await page.waitForSelector(".graphiql-container .graphiql-execute-button");
    await page.waitForSelector('button[data-name="headers"].active');
    // No token yet: the schema fetch says what to do instead of sending a request that can only be a 401.
    await page.waitForFunction(
      () => document.querySelector('section[aria-label="Result Window"]')?.textContent?.includes("Paste your API token"),
      { timeout: SLOW },
    );

    expect(loaded.map((r) => new URL(r.url).pathname)).toEqual(
      expect.arrayContaining(["/graphql", "/graphql/explorer/graphiql.js", "/graphql/explorer/graphiql.css"]),
    );
    expect(loaded.filter((r) => r.status !== 200)).toEqual([]);
    expect(leaks).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("a pasted token in the Headers pane loads the schema into the docs and runs a query", async () => {
    // The Headers pane is open and prefilled; replace its text the way a paste does.
    await page.click(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror");
    await page.keyboard.down("Control");
    await page.keyboard.press("a");
    await page.keyboard.up("Control");
    await page.keyboard.sendCharacter(JSON.stringify({ Authorization: ADMIN_TOKEN }));

    // The new token fetches the schema again: the docs list the root query's fields.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForFunction(
      () => document.querySelector(".graphiql-doc-explorer")?.textContent?.includes("Query"),
      { timeout: SLOW },
    );
    await page.click(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name");
    await page.waitForFunction(
      () => document.querySelector(".graphiql-doc-explorer")?.textContent?.includes("viewer"),
      { timeout: SLOW },
    );

    // Run the prefilled query against the bootstrap organization and see the answer in the page.
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(
      () => /"username":\s*"admin"/.test(document.querySelector('section[aria-label="Result Window"]')?.textContent ?? ""),
      { timeout: SLOW },
    );
    const organizationId = (await t.gql("{ viewer { organizationId } }")).data.viewer.organizationId;
    const result = await page.$eval('section[aria-label="Result Window"]', (e) => e.textContent ?? "");
    expect(result).toContain(organizationId);

    expect(leaks).toEqual([]);
    expect(failures).toEqual([]);
  });
});
