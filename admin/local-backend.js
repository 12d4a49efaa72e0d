// make edit's local backend: Decap's own decap-server (file-system mode), so
// that the editor in the preview reads and saves the files in content/ on
// this computer, with no sign-in and no git. Started by `make edit`
// (secretary/edit.py); not for the live site.
//
// decap-server's middlewares (pinned in package.json) behind two guards of
// ours, as the preview server has (secretary/preview/server.py, LocalOnly):
// it listens on 127.0.0.1 only, and answers only requests made to it by a
// local name and, from a browser, only from the preview's own page (ORIGIN).
// decap-server alone answers any Host, so a web page that points its own name
// at 127.0.0.1 (DNS rebinding) could otherwise read and write these files.
//
// Environment: PORT (8081), ORIGIN (the preview, e.g. http://127.0.0.1:8000),
// GIT_REPO_DIRECTORY (the project folder), LOG_LEVEL (warn).
"use strict";
const express = require("express");
const { registerLocalFs } = require("decap-server/dist/middlewares");

const port = parseInt(process.env.PORT || "8081", 10);
const origin = process.env.ORIGIN || "http://127.0.0.1:8000";
const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

const app = express();
app.disable("x-powered-by");
app.use((request, response, next) => {
  const from = request.headers.origin;
  if (!hosts.has(request.headers.host || "") || (from !== undefined && from !== origin)) {
    response.status(403).json({ error: "This local editor answers only the preview on this computer." });
    return;
  }
  next();
});

(async () => {
  // decap-server's own: CORS for ORIGIN alone, JSON bodies, then the
  // file-system backend rooted at GIT_REPO_DIRECTORY, which refuses any path
  // outside it.
  process.env.ORIGIN = origin;
  await registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" });
  const server = app.listen(port, "127.0.0.1", () => {
    console.log(`Local editor backend at http://127.0.0.1:${port}/api/v1 (files in ${process.env.GIT_REPO_DIRECTORY || process.cwd()})`);
  });
  server.on("error", (error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `error: port ${port} is already in use (is make edit already running?); try make edit EDITOR_PORT=${port + 1}`
        : `error: the local editor backend could not start: ${error.message}`
    );
    process.exit(1);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
})();
