/// The dashboard's page: plain HTML, no inline script or style (the content security policy
/// allows neither); the rows and log lines are built by `PageScript` from the event streams.
enum PageHTML {
    /// The page with `token` in its asset URLs (the token is 64 hex digits: nothing to escape).
    static func render(token: AccessToken) -> String {
        template.split(separator: "{{TOKEN}}", omittingEmptySubsequences: false).joined(separator: token.value)
    }

    static let template = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>Formation dashboard</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="app.css?token={{TOKEN}}">
        <script src="app.js?token={{TOKEN}}" defer></script>
        </head>
        <body>
        <header>
          <h1>Formation</h1>
          <p id="root" class="muted"></p>
          <p id="connection" class="connection" role="status">connecting…</p>
        </header>
        <main>
        <section aria-labelledby="instances-title">
          <h2 id="instances-title">Instances</h2>
          <div id="scale" class="scale" role="group" aria-label="Scale process types"></div>
          <table id="instances">
            <thead><tr>
              <th scope="col">Instance</th><th scope="col">State</th><th scope="col">PID</th><th scope="col">Port</th>
              <th scope="col">Uptime</th><th scope="col">Restarts</th><th scope="col">Last exit</th>
              <th scope="col">CPU</th><th scope="col">RSS</th><th scope="col">Actions</th>
            </tr></thead>
            <tbody></tbody>
          </table>
          <p id="result" class="result" role="status" aria-live="polite"></p>
        </section>
        <section id="admin-section" aria-labelledby="admin-title" hidden>
          <h2 id="admin-title">Admin types</h2>
          <table id="admin">
            <thead><tr>
              <th scope="col">Type</th><th scope="col">Schedule (UTC)</th><th scope="col">Next run</th>
              <th scope="col">Last run</th><th scope="col">Actions</th>
            </tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section aria-labelledby="logs-title">
          <h2 id="logs-title">Logs</h2>
          <div class="log-controls">
            <label>Instance <select id="log-instance"><option value="">all, merged</option></select></label>
            <label>Filter <input id="log-filter" type="search" placeholder="text in the line" autocomplete="off"></label>
            <label><input id="log-follow" type="checkbox" checked> Follow</label>
          </div>
          <div id="log" class="log" role="log" aria-label="Log lines" tabindex="0"></div>
        </section>
        </main>
        </body>
        </html>

        """
}
