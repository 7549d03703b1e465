/// The page's script: renders the status stream into rows, the log stream into lines, and
/// sends the buttons' requests. Every value from the formation goes through `textContent`
/// (or an attribute the script chose), never `innerHTML`: a child printing `<script>` shows
/// text.
enum PageScript {
    static let text = #"""
        "use strict";
        (() => {
          const token = new URLSearchParams(location.search).get("token") || "";
          const withToken = (path) => path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token);
          const byId = (id) => document.getElementById(id);
          const table = byId("instances");
          const tbody = table.querySelector("tbody");
          const logBox = byId("log");
          const rows = new Map();
          const typeCounts = new Map();
          const maxLogLines = 2000;
          const svgNS = "http://www.w3.org/2000/svg";
          let followedNames = null;

          function element(tag, className, text) {
            const node = document.createElement(tag);
            if (className) node.className = className;
            if (text !== undefined) node.textContent = text;
            return node;
          }

          function duration(seconds) {
            if (seconds === null || seconds === undefined) return "-";
            const s = Math.floor(seconds);
            if (s < 60) return s + "s";
            const m = Math.floor(s / 60);
            if (m < 60) return m + "m " + (s % 60) + "s";
            const h = Math.floor(m / 60);
            return h < 48 ? h + "h " + (m % 60) + "m" : Math.floor(h / 24) + "d " + (h % 24) + "h";
          }

          function bytes(n) {
            if (n === null || n === undefined) return "-";
            if (n < 1024) return n + " B";
            if (n < 1048576) return (n / 1024).toFixed(0) + " KiB";
            if (n < 1073741824) return (n / 1048576).toFixed(1) + " MiB";
            return (n / 1073741824).toFixed(2) + " GiB";
          }

          function percent(p) { return p === null || p === undefined ? "-" : p.toFixed(1) + "%"; }

          function sparkline() {
            const svg = document.createElementNS(svgNS, "svg");
            svg.setAttribute("class", "spark");
            svg.setAttribute("viewBox", "0 0 60 16");
            svg.setAttribute("preserveAspectRatio", "none");
            svg.setAttribute("aria-hidden", "true");
            svg.appendChild(document.createElementNS(svgNS, "polyline"));
            return svg;
          }

          function drawSparkline(svg, values, floor) {
            const numbers = values.map((v) => (typeof v === "number" ? v : 0));
            const max = Math.max(floor, ...numbers);
            const step = numbers.length > 1 ? 60 / (numbers.length - 1) : 0;
            const points = numbers.map((v, i) => (i * step).toFixed(1) + "," + (15 - (v / max) * 14).toFixed(1));
            svg.firstChild.setAttribute("points", points.join(" "));
          }

          function cell(tr, key, label, tag) {
            const td = element(tag || "td", key);
            td.dataset.label = label;
            if (tag === "th") td.scope = "row";
            tr.appendChild(td);
            return td;
          }

          function makeRow(name) {
            const tr = element("tr");
            tr.dataset.instance = name;
            const cells = {
              name: cell(tr, "name", "Instance", "th"),
              state: cell(tr, "state-cell", "State"),
              pid: cell(tr, "pid num", "PID"),
              port: cell(tr, "port num", "Port"),
              uptime: cell(tr, "uptime num", "Uptime"),
              restarts: cell(tr, "restarts num", "Restarts"),
              lastExit: cell(tr, "last-exit num", "Last exit"),
              cpu: cell(tr, "cpu num", "CPU"),
              rss: cell(tr, "rss num", "RSS"),
              actions: cell(tr, "actions", "Actions"),
            };
            cells.name.textContent = name;
            cells.badge = cells.state.appendChild(element("span", "state"));
            cells.link = cells.port.appendChild(element("a"));
            cells.link.rel = "noreferrer noopener";
            cells.link.target = "_blank";
            cells.cpuText = cells.cpu.appendChild(element("span"));
            cells.cpuSpark = cells.cpu.appendChild(sparkline());
            cells.rssText = cells.rss.appendChild(element("span"));
            cells.rssSpark = cells.rss.appendChild(sparkline());
            for (const action of ["restart", "stop"]) {
              const button = element("button", action, action === "restart" ? "Restart" : "Stop");
              button.type = "button";
              button.setAttribute("aria-label", (action === "restart" ? "Restart " : "Stop ") + name);
              button.addEventListener("click", () => act(action, { target: name }, button, action + " " + name));
              cells.actions.appendChild(button);
            }
            return { tr, cells };
          }

          function updateRow(row, instance) {
            const c = row.cells;
            const state = /^[a-z]+$/.test(instance.state) ? instance.state : "unknown";
            c.badge.textContent = instance.state;
            c.badge.className = "state state-" + state;
            c.badge.title = (instance.waiting_for || []).length ? "waits for " + instance.waiting_for.join(", ") : "";
            c.pid.textContent = instance.pid === null ? "-" : String(instance.pid);
            c.link.textContent = String(instance.port);
            c.link.href = location.protocol + "//" + location.hostname + ":" + Number(instance.port) + "/";
            c.link.setAttribute("aria-label", "Open port " + instance.port + " of " + instance.name);
            c.uptime.textContent = duration(instance.uptime_s);
            c.restarts.textContent = String(instance.restarts);
            c.lastExit.textContent = instance.last_exit === null ? "-" : String(instance.last_exit);
            c.cpuText.textContent = percent(instance.cpu_percent);
            // With a cap (--memory-max), beside the use; the sparkline then spans up to the cap.
            const cap = typeof instance.memory_max === "number" ? instance.memory_max : null;
            c.rssText.textContent = bytes(instance.rss_bytes) + (cap === null ? "" : " / " + bytes(cap));
            c.rss.title = cap === null ? "" : "restarted over its --memory-max of " + bytes(cap);
            drawSparkline(c.cpuSpark, instance.cpu_history || [], 5);
            drawSparkline(c.rssSpark, instance.rss_history || [], cap === null ? 1048576 : cap);
          }

          function renderScale() {
            const box = byId("scale");
            box.replaceChildren();
            for (const [type, count] of typeCounts) {
              const group = element("span", "scale-type");
              group.appendChild(element("span", "scale-label", type + " × " + count));
              const down = element("button", "scale-down", "−");
              down.type = "button";
              down.disabled = count === 0;
              down.setAttribute("aria-label", "Scale " + type + " down to " + Math.max(0, count - 1));
              down.addEventListener("click", () => act("scale", { formation: type + "=" + Math.max(0, count - 1) }, down, "scale " + type + "=" + Math.max(0, count - 1)));
              const up = element("button", "scale-up", "+");
              up.type = "button";
              up.setAttribute("aria-label", "Scale " + type + " up to " + (count + 1));
              up.addEventListener("click", () => act("scale", { formation: type + "=" + (count + 1) }, up, "scale " + type + "=" + (count + 1)));
              group.append(down, up);
              box.appendChild(group);
            }
          }

          // Admin types (formation count 0): schedule, next and last run, and a Run button (`trigger`).
          const adminRows = new Map();
          const scheduleWords = { "0 * * * *": "hourly", "0 0 * * *": "daily", "0 0 * * 0": "weekly", "0 0 1 * *": "monthly" };

          function lastRunText(job) {
            if (job.running !== null) return "running since " + job.running_since + " (pid " + job.running + ")";
            const run = job.last_run;
            if (!run) return "never";
            const outcome = run.signal ? "killed by " + run.signal : "exit " + run.exit_status;
            return outcome + " at " + run.started + " (" + Number(run.seconds).toFixed(1) + "s)";
          }

          function makeAdminRow(type) {
            const tr = element("tr");
            tr.dataset.type = type;
            cell(tr, "name", "Type", "th").textContent = type;
            const row = { tr, schedule: cell(tr, "schedule", "Schedule"), next: cell(tr, "next-run", "Next run"), last: cell(tr, "last-run", "Last run"), pending: false };
            row.button = element("button", "run", "Run");
            row.button.type = "button";
            row.button.setAttribute("aria-label", "Run " + type + " now");
            row.button.addEventListener("click", async () => {
              row.pending = true;
              await act("run", { type }, row.button, "run " + type);
              row.pending = false;
            });
            cell(tr, "actions", "Actions").appendChild(row.button);
            return row;
          }

          function renderAdmin(admin) {
            const body = byId("admin").querySelector("tbody");
            byId("admin-section").hidden = admin.length === 0;
            const seen = new Set();
            admin.forEach((job, index) => {
              seen.add(job.type);
              let row = adminRows.get(job.type);
              if (!row) {
                row = makeAdminRow(job.type);
                adminRows.set(job.type, row);
              }
              const word = scheduleWords[job.schedule];
              row.schedule.textContent = job.schedule === null ? "none" : word ? word + " (" + job.schedule + ")" : job.schedule;
              row.next.textContent = job.next_run === null ? "-" : job.next_run;
              row.last.textContent = lastRunText(job);
              row.button.disabled = row.pending || job.running !== null;
              if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] || null);
            });
            for (const [type, row] of adminRows) {
              if (!seen.has(type)) {
                row.tr.remove();
                adminRows.delete(type);
              }
            }
          }

          function renderLogChoices(names) {
            const select = byId("log-instance");
            const have = new Set([...select.options].map((o) => o.value));
            for (const name of names) if (!have.has(name)) select.add(new Option(name, name));
          }

          function render(snapshot) {
            const connection = byId("connection");
            if (!snapshot.ok) {
              connection.textContent = "formation not answering: " + snapshot.error;
              connection.className = "connection down";
              table.classList.add("stale");
              return;
            }
            connection.textContent = "live";
            connection.className = "connection live";
            table.classList.remove("stale");
            byId("root").textContent = (snapshot.root || "") + (snapshot.pid ? " (supervisor pid " + snapshot.pid + ")" : "");
            const seen = new Set();
            const counts = new Map([...typeCounts.keys()].map((t) => [t, 0]));
            snapshot.instances.forEach((instance, index) => {
              seen.add(instance.name);
              counts.set(instance.type, (counts.get(instance.type) || 0) + 1);
              let row = rows.get(instance.name);
              if (!row) {
                row = makeRow(instance.name);
                rows.set(instance.name, row);
              }
              updateRow(row, instance);
              // Moved only when out of place: moving a row would take the focus off its buttons.
              if (tbody.children[index] !== row.tr) tbody.insertBefore(row.tr, tbody.children[index] || null);
            });
            for (const [name, row] of rows) {
              if (!seen.has(name)) {
                row.tr.remove();
                rows.delete(name);
              }
            }
            const changed = counts.size !== typeCounts.size || [...counts].some(([t, n]) => typeCounts.get(t) !== n);
            if (changed) {
              typeCounts.clear();
              for (const [t, n] of counts) typeCounts.set(t, n);
              renderScale();
            }
            renderAdmin(snapshot.admin || []);
            const names = snapshot.instances.map((i) => i.name);
            renderLogChoices(names);
            // A merged stream follows the instances that ran when it opened: a new set, a new stream.
            const key = names.join(" ");
            if (followedNames !== null && key !== followedNames && byId("log-instance").value === "") connectLogs();
            followedNames = key;
          }

          async function act(action, fields, button, label) {
            const result = byId("result");
            button.disabled = true;
            result.className = "result";
            result.textContent = label + "…";
            try {
              const response = await fetch("api/" + action, {
                method: "POST",
                headers: { "X-Formation-Token": token },
                body: new URLSearchParams(fields),
                cache: "no-store",
              });
              const reply = await response.json().catch(() => ({ ok: false, error: "HTTP " + response.status }));
              result.textContent = reply.ok ? reply.message || label + ": done" : label + " refused: " + reply.error;
              // A run that ended with a failure is an error, though the request itself was done.
              const failed = !reply.ok || (typeof reply.exit_code === "number" && reply.exit_code !== 0);
              result.className = failed ? "result error" : "result ok";
            } catch (error) {
              result.textContent = label + " failed: " + error;
              result.className = "result error";
            } finally {
              button.disabled = false;
            }
          }

          function matchesFilter(node) {
            const filter = byId("log-filter").value.toLowerCase();
            return !filter || node.textContent.toLowerCase().includes(filter);
          }

          function appendToLog(node) {
            node.hidden = !matchesFilter(node);
            logBox.appendChild(node);
            while (logBox.childElementCount > maxLogLines) logBox.firstElementChild.remove();
            if (byId("log-follow").checked) logBox.scrollTop = logBox.scrollHeight;
          }

          function appendLine(entry) {
            const line = element("div", entry.stream === "stderr" ? "line stderr" : "line");
            line.appendChild(element("span", "instance", entry.instance));
            line.appendChild(element("span", "text", entry.line));
            appendToLog(line);
          }

          let statusSource = null;
          function connectStatus() {
            statusSource = new EventSource(withToken("events/status"));
            statusSource.addEventListener("status", (event) => render(JSON.parse(event.data)));
            statusSource.addEventListener("error", () => {
              const connection = byId("connection");
              connection.textContent = statusSource.readyState === EventSource.CLOSED ? "refused: reload the URL with its token" : "reconnecting…";
              connection.className = "connection down";
            });
          }

          let logSource = null;
          function connectLogs() {
            if (logSource) logSource.close();
            const instance = byId("log-instance").value;
            logSource = new EventSource(withToken("events/logs" + (instance ? "?instance=" + encodeURIComponent(instance) : "")));
            logSource.addEventListener("reset", () => logBox.replaceChildren());
            logSource.addEventListener("line", (event) => appendLine(JSON.parse(event.data)));
            logSource.addEventListener("problem", (event) => appendToLog(element("div", "note", event.data)));
          }

          byId("log-instance").addEventListener("change", connectLogs);
          byId("log-filter").addEventListener("input", () => {
            for (const node of logBox.children) node.hidden = !matchesFilter(node);
          });
          connectStatus();
          connectLogs();
        })();

        """#
}
