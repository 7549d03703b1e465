/// The page's style: system fonts, state colours, a card layout below 720 px.
enum PageCSS {
    static let text = """
        :root { color-scheme: light dark; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --idle: #6e7781;
          --line: #d0d7de; --bg-soft: rgba(127,127,127,.08); --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 1rem; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
        header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; }
        h1 { font-size: 1.4rem; margin: 0; }
        h2 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; }
        .muted { color: var(--idle); margin: 0; overflow-wrap: anywhere; }
        .connection { margin: 0 0 0 auto; font-size: .9rem; }
        .connection.live { color: var(--ok); }
        .connection.down { color: var(--bad); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
        thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--idle); }
        td.num { font-variant-numeric: tabular-nums; }
        table.stale tbody { opacity: .5; }
        .state { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .85rem; color: #fff; background: var(--idle); }
        .state-running, .state-ready { background: var(--ok); }
        .state-starting, .state-stopping, .state-backoff, .state-waiting { background: var(--warn); }
        .state-exited { background: var(--bad); }
        .spark { width: 60px; height: 16px; vertical-align: middle; margin-left: .35rem; }
        .spark polyline { fill: none; stroke: var(--accent); stroke-width: 1.2; }
        button { font: inherit; padding: .2rem .6rem; border: 1px solid var(--line); border-radius: .35rem;
          background: var(--bg-soft); color: inherit; cursor: pointer; }
        button:hover { border-color: var(--accent); }
        button:focus-visible, a:focus-visible, select:focus-visible, input:focus-visible, .log:focus-visible {
          outline: 2px solid var(--accent); outline-offset: 2px; }
        button:disabled { opacity: .5; cursor: progress; }
        td.actions { white-space: nowrap; }
        td.actions button + button { margin-left: .3rem; }
        .scale { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin-bottom: .5rem; }
        .scale-type { display: inline-flex; align-items: center; gap: .35rem; }
        .result { min-height: 1.4em; margin: .5rem 0; }
        .result.ok { color: var(--ok); }
        .result.error { color: var(--bad); }
        .log-controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin-bottom: .5rem; align-items: center; }
        .log { height: 45vh; overflow: auto; padding: .5rem; border: 1px solid var(--line); border-radius: .35rem;
          background: var(--bg-soft); font: 13px/1.35 ui-monospace, "DejaVu Sans Mono", monospace;
          white-space: pre-wrap; overflow-wrap: anywhere; }
        .log .line.stderr .text { color: var(--bad); }
        .log .instance { color: var(--accent); margin-right: .5rem; }
        .log .note { color: var(--idle); font-style: italic; }
        @media (max-width: 720px) {
          body { padding: .5rem; }
          table, thead, tbody, tr, th, td { display: block; }
          thead { position: absolute; left: -10000px; }
          tbody tr { border: 1px solid var(--line); border-radius: .35rem; margin-bottom: .6rem; padding: .25rem; }
          th, td { border: none; padding: .15rem .4rem; }
          td::before { content: attr(data-label); display: inline-block; min-width: 6.5rem; color: var(--idle); font-size: .85rem; }
        }

        """
}
