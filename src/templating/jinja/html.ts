// markupsafe escape / striptags / unescape.
const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

// The most common named entities; html.unescape knows ~2200 (rare in alert payloads).
const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", copy: "\u00a9", reg: "\u00ae",
  hellip: "\u2026", mdash: "\u2014", ndash: "\u2013", laquo: "\u00ab", raquo: "\u00bb", lsquo: "\u2018",
  rsquo: "\u2019", ldquo: "\u201c", rdquo: "\u201d", bull: "\u2022", middot: "\u00b7", deg: "\u00b0",
  euro: "\u20ac", pound: "\u00a3", yen: "\u00a5", cent: "\u00a2", times: "\u00d7", divide: "\u00f7",
  trade: "\u2122", para: "\u00b6", sect: "\u00a7", shy: "\u00ad", iexcl: "\u00a1", iquest: "\u00bf",
};

export function unescapeHtml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)/g, (all, body: string) => {
    if (body[0] === "#") {
      const hex = body[1] === "x" || body[1] === "X";
      const n = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(n);
    }
    const name = body.endsWith(";") ? body.slice(0, -1) : body;
    return Object.prototype.hasOwnProperty.call(NAMED, name) ? NAMED[name] : all;
  });
}

export function stripTags(value: string): string {
  let v = value;
  for (let start = v.indexOf("<!--"); start !== -1; start = v.indexOf("<!--")) {
    const end = v.indexOf("-->", start);
    if (end === -1) break;
    v = v.slice(0, start) + v.slice(end + 3);
  }
  for (let start = v.indexOf("<"); start !== -1; start = v.indexOf("<")) {
    const end = v.indexOf(">", start);
    if (end === -1) break;
    v = v.slice(0, start) + v.slice(end + 1);
  }
  v = v.split(/[\s\x1c-\x1f\x85]+/).filter(Boolean).join(" ");
  return unescapeHtml(v);
}
