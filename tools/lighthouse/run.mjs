// Readers' speed, measured in a real browser: `make lighthouse`.
//
// Serves a built site (make publish, with SITEURL set to the address served
// here) on 127.0.0.1 as a host would: compressed (brotli when the browser
// accepts it, else gzip, by the `compression` package that Express uses),
// with the headers of the site's own _headers file and GitHub Pages' ten
// minutes of caching. Then runs Lighthouse (pinned in package.json) in
// Debian's Chromium (CHROME_PATH) on one page of every kind, as a phone
// (Lighthouse's default: a mid-range phone on a slow 4G line, simulated)
// and as a desktop, and measures what a reader's first search costs: the
// search page loaded with an empty cache, a word typed, every byte the
// server sent until the results are shown. The figures go into
// docs/PERFORMANCE.md between the lighthouse markers; the run fails when a
// target (TARGETS) is missed. Each page is measured three times and the
// median kept: on a shared machine one run can catch another program's
// work as the page's blocking time. Nothing here is part of `make test`, and
// `make html` and `make publish` never need Node.
//
//   node tools/lighthouse/run.mjs --site DIR --port 8765 [--report docs/PERFORMANCE.md] [--runs 3]
//       [--reports DIR: each Lighthouse report as JSON] [--search-only: the first search alone]

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

import * as chromeLauncher from "chrome-launcher";
import compression from "compression";
import lighthouse, { desktopConfig } from "lighthouse";
import puppeteer from "puppeteer-core";
import serveStatic from "serve-static";

const START = "<!-- lighthouse:start (written by tools/lighthouse/run.mjs; edit outside these markers) -->";
const END = "<!-- lighthouse:end -->";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const TARGETS = {
  performance: { mobile: 95, desktop: 0 },
  accessibility: { mobile: 100, desktop: 100 },
  "best-practices": { mobile: 100, desktop: 100 },
  seo: { mobile: 100, desktop: 100 },
};
const SEARCH_WORD = "budgets";
const SEARCH_BUDGET_KB = 120;
const CACHE_SECONDS = 600; // what GitHub Pages sends

const { values: options } = parseArgs({
  options: {
    site: { type: "string" },
    port: { type: "string", default: "8765" },
    report: { type: "string" },
    reports: { type: "string" },
    runs: { type: "string", default: "3" },
    "search-only": { type: "boolean", default: false },
  },
});
if (!options.site) {
  console.error("usage: node tools/lighthouse/run.mjs --site DIR [--port 8765] [--report docs/PERFORMANCE.md]");
  process.exit(2);
}
const site = path.resolve(options.site);
const port = Number(options.port);
const base = `http://127.0.0.1:${port}/`;
const runs = Math.max(1, Number(options.runs));

// One page of each kind, chosen from the built site so that the list keeps
// up with the content: the newest bulletin, the first care group and
// champion in alphabetical order. The search page is measured with a query,
// so that Pagefind's work is part of its figures.
function pageKinds() {
  const folders = (dir) =>
    fs
      .readdirSync(path.join(site, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(site, dir, entry.name, "index.html")))
      .map((entry) => entry.name)
      .sort();
  const bulletins = [];
  for (const year of fs.readdirSync(site).filter((name) => /^\d{4}$/.test(name))) {
    for (const month of fs.readdirSync(path.join(site, year)).filter((name) => /^\d{2}$/.test(name))) {
      for (const file of fs.readdirSync(path.join(site, year, month))) {
        if (file.endsWith(".html") && file !== "index.html") {
          bulletins.push(`${year}/${month}/${file}`);
        }
      }
    }
  }
  bulletins.sort();
  return [
    ["home", ""],
    ["bulletin", bulletins.at(-1)],
    ["archives", "archives.html"],
    ["tags", "tags.html"],
    ["care-group list", "care-groups/"],
    ["care group", `care-groups/${folders("care-groups")[0]}/`],
    ["champion list", "champions/"],
    ["champion", `champions/${folders("champions")[0]}/`],
    ["search", `search.html?q=${SEARCH_WORD}`],
    ["not found", "404.html"],
    ["contact", "pages/contact.html"],
  ];
}

// The headers of the site's _headers file (Netlify's and Cloudflare Pages'
// format, written by plugins/publishing): its "/*" block, sent with every
// file. No package reads this small format, hence by hand.
function siteHeaders() {
  const file = path.join(site, "_headers");
  if (!fs.existsSync(file)) {
    return [];
  }
  const headers = [];
  let inAll = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) {
      continue;
    }
    if (!/^\s/.test(line)) {
      inAll = line.trim() === "/*";
    } else if (inAll) {
      const colon = line.indexOf(":");
      headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return headers;
}

// The site as a host serves it. Every socket is kept, so that what was sent
// while a search ran can be added up (bytes on the wire: headers and
// compressed bodies).
function startServer() {
  const headers = siteHeaders();
  const files = serveStatic(site, {
    maxAge: CACHE_SECONDS * 1000,
    redirect: true,
    setHeaders(response) {
      for (const [name, value] of headers) {
        response.setHeader(name, value);
      }
    },
  });
  const compress = compression();
  const notFound = fs.readFileSync(path.join(site, "404.html"));
  const sockets = new Set();
  const server = http.createServer((request, response) => {
    compress(request, response, () =>
      files(request, response, () => {
        response.statusCode = 404;
        response.setHeader("Content-Type", "text/html; charset=utf-8");
        for (const [name, value] of headers) {
          response.setHeader(name, value);
        }
        response.end(notFound);
      }),
    );
  });
  server.on("connection", (socket) => sockets.add(socket));
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, sockets })));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Lighthouse on one page as one form factor: the four scores, the Core Web
// Vitals it can measure without a reader (LCP, CLS, and TBT for INP), the
// bytes transferred and the audits that cost points.
async function audit(chrome, url, formFactor) {
  const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES };
  const results = [];
  for (let run = 0; run < runs; run++) {
    const result = await lighthouse(url, flags, formFactor === "desktop" ? desktopConfig : undefined);
    results.push(result.lhr);
  }
  results.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const lhr = results[Math.floor(results.length / 2)];
  if (options.reports) {
    fs.mkdirSync(options.reports, { recursive: true });
    const name = `${formFactor}-${url.slice(base.length).replace(/[^a-z0-9]+/gi, "-") || "home"}.json`;
    fs.writeFileSync(path.join(options.reports, name), JSON.stringify(lhr, null, 1));
  }
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
  const failing = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category].auditRefs) {
      const result = lhr.audits[ref.id];
      if (ref.weight > 0 && result.score !== null && result.score < 1) {
        failing.push(`${category}: ${result.title} (${result.displayValue || Math.round(result.score * 100)})`);
      }
    }
  }
  return {
    lighthouseVersion: lhr.lighthouseVersion,
    userAgent: lhr.environment.hostUserAgent,
    scores,
    lcp: median(results.map((r) => r.audits["largest-contentful-paint"].numericValue)),
    cls: median(results.map((r) => r.audits["cumulative-layout-shift"].numericValue)),
    tbt: median(results.map((r) => r.audits["total-blocking-time"].numericValue)),
    bytes: lhr.audits["total-byte-weight"].numericValue,
    failing,
  };
}

// A reader's first search: a fresh browser context (nothing cached), the
// search page, a word typed as a reader types it, the results shown; every
// byte the server sent meanwhile, counted on its sockets.
async function firstSearch(chrome, served) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  served.server.closeAllConnections();
  served.sockets.clear();
  const requests = [];
  page.on("requestfinished", (request) => {
    const name = request.url().slice(base.length).replace(/\?.*/, ""); // Pagefind's ?ts= cache buster
    if (!requests.includes(name)) {
      requests.push(name);
    }
  });
  await page.goto(`${base}search.html`, { waitUntil: "networkidle0" });
  await page.type("#search-input", SEARCH_WORD, { delay: 80 });
  await page.waitForSelector("#search-results li");
  await page.waitForNetworkIdle({ idleTime: 1000 });
  const results = await page.$$eval("#search-results li", (items) => items.length);
  const bytes = [...served.sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0);
  await context.close();
  await browser.disconnect();
  return { bytes, results, requests };
}

function kb(bytes) {
  return (bytes / 1024).toFixed(1);
}

function report(kinds, measured, search, versions) {
  const lines = [];
  lines.push("## Readers' speed (Lighthouse)", "");
  lines.push(
    "How fast and how well the built site reads, measured in a real browser. Reproduce with `make lighthouse`",
    "(about ten minutes): it builds the site with `make publish` (SITEURL set to the local address), serves it",
    "on 127.0.0.1 compressed as a host would (brotli, else gzip; the `_headers` file's headers; ten minutes of",
    "caching, as GitHub Pages sends), and runs Lighthouse on one page of each kind, as a phone (Lighthouse's",
    "default: a mid-range phone on a slow 4G line, simulated) and as a desktop. The script is",
    "`tools/lighthouse/run.mjs`, its packages pinned in `tools/lighthouse/package-lock.json` (`npm ci` on the",
    "first run, from npm's cache after that); it is not part of `make test`, and `make html` and `make publish`",
    "never need Node.",
    "",
    "The pages: the newest bulletin, the first care group and champion; the search page with a query in its",
    `address (\`?q=${SEARCH_WORD}\`), so that loading Pagefind and showing results are in its figures; the not-found`,
    "page as `/404.html` (for a missing address a host sends it with status 404, which Lighthouse's SEO audit",
    "marks down whatever the page, as it should). LCP, CLS and TBT are Lighthouse's lab Core Web Vitals (TBT stands",
    "in for INP, which needs a reader); \"Transferred\" is the page and all it loads, compressed.",
    "",
  );
  lines.push(
    `Lighthouse ${versions.lighthouse}, ${versions.browser}, Node ${process.version}; ${runs} run${runs > 1 ? "s" : ""} of each page`,
    "(the median by performance).",
    "",
  );
  lines.push(
    "Targets: 100 for accessibility, best practices and SEO on every page kind; performance at least 95 on a",
    `phone; a reader's first search at most ${SEARCH_BUDGET_KB} KB transferred.`,
    "",
  );
  for (const formFactor of ["mobile", "desktop"]) {
    lines.push(`### ${formFactor === "mobile" ? "Phone" : "Desktop"}`, "");
    lines.push("| Page kind | Address | Performance | Accessibility | Best practices | SEO | LCP | CLS | TBT | Transferred |");
    lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [kind, address] of kinds) {
      const m = measured[formFactor][kind];
      const s = m.scores;
      lines.push(
        `| ${kind} | \`/${address}\` | ${s.performance} | ${s.accessibility} | ${s["best-practices"]} | ${s.seo} | ` +
          `${(m.lcp / 1000).toFixed(2)} s | ${m.cls.toFixed(3)} | ${Math.round(m.tbt)} ms | ${kb(m.bytes)} KB |`,
      );
    }
    lines.push("");
  }
  lines.push("### A reader's first search", "");
  lines.push(
    `The search page loaded with nothing cached, "${SEARCH_WORD}" typed, until its ${search.results} results were shown:`,
    `**${kb(search.bytes)} KB** transferred (target: at most ${SEARCH_BUDGET_KB} KB), headers included, for these files:`,
    `${search.requests.map((r) => `\`${r}\``).join(", ")}.`,
    "",
  );
  const missed = misses(kinds, measured, search);
  lines.push("### What Lighthouse marked down", "");
  const failing = [];
  for (const formFactor of ["mobile", "desktop"]) {
    for (const [kind] of kinds) {
      for (const audit of measured[formFactor][kind].failing) {
        failing.push(`- ${kind} (${formFactor}): ${audit}`);
      }
    }
  }
  lines.push(...(failing.length ? failing : ["Nothing: every scored audit passed on every page."]), "");
  lines.push(missed.length ? `Targets missed: ${missed.join("; ")}.` : "Every target is met.");
  return lines.join("\n");
}

function misses(kinds, measured, search) {
  const missed = [];
  for (const formFactor of ["mobile", "desktop"]) {
    for (const [kind] of kinds) {
      for (const category of CATEGORIES) {
        const score = measured[formFactor][kind].scores[category];
        if (score < TARGETS[category][formFactor]) {
          missed.push(`${category} ${score} on the ${kind} page (${formFactor})`);
        }
      }
    }
  }
  if (search.bytes > SEARCH_BUDGET_KB * 1024) {
    missed.push(`the first search transferred ${kb(search.bytes)} KB`);
  }
  return missed;
}

function writeReport(file, section) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const block = `${START}\n\n${section}\n\n${END}`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const updated =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text.replace(/\n*$/, "\n\n")}${block}\n`;
  fs.writeFileSync(file, updated);
}

async function main() {
  const served = await startServer();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-component-update"],
  });
  const kinds = pageKinds();
  const measured = { mobile: {}, desktop: {} };
  let versions = {};
  try {
    if (options["search-only"]) {
      const search = await firstSearch(chrome, served);
      console.log(`first search: ${kb(search.bytes)} KB for ${search.requests.length} files: ${search.requests.join(" ")}`);
      return;
    }
    for (const formFactor of ["mobile", "desktop"]) {
      for (const [kind, address] of kinds) {
        const m = await audit(chrome, base + address, formFactor);
        measured[formFactor][kind] = m;
        versions = { lighthouse: m.lighthouseVersion, browser: m.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)[0] };
        const s = m.scores;
        console.log(
          `${formFactor.padEnd(7)} ${kind.padEnd(16)} perf ${s.performance} a11y ${s.accessibility} ` +
            `bp ${s["best-practices"]} seo ${s.seo}  LCP ${(m.lcp / 1000).toFixed(2)} s CLS ${m.cls.toFixed(3)} ` +
            `TBT ${Math.round(m.tbt)} ms  ${kb(m.bytes)} KB`,
        );
        for (const failing of m.failing) {
          console.log(`        ${failing}`);
        }
      }
    }
    const search = await firstSearch(chrome, served);
    console.log(`first search: ${kb(search.bytes)} KB for ${search.requests.length} files, ${search.results} results`);
    const section = report(kinds, measured, search, versions);
    if (options.report) {
      writeReport(options.report, section);
      console.log(`wrote ${options.report}`);
    } else {
      console.log(section);
    }
    const missed = misses(kinds, measured, search);
    if (missed.length) {
      console.error(`targets missed: ${missed.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    await chrome.kill();
    served.server.closeAllConnections();
    served.server.close();
  }
}

await main();
