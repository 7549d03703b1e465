import Testing

@testable import supervisor

extension ExportTests {
    @Suite("Export rendering")
    struct ExportRenderingTests {
        private let document = StructuredValue.object([
            ("name", .string("a \"b\"\n")),
            ("count", .int(2)),
            ("on", .bool(true)),
            ("empty", .array([])),
            ("list", .array([.string("x"), .object([("k", .string("v")), ("n", .int(1))])])),
            ("nested", .object([("app.kubernetes.io/name", .string("yes"))])),
        ])

        @Test("JSON keeps key order and escapes strings")
        func json() {
            #expect(document.json == """
                {
                  "name": "a \\"b\\"\\n",
                  "count": 2,
                  "on": true,
                  "empty": [],
                  "list": [
                    "x",
                    {
                      "k": "v",
                      "n": 1
                    }
                  ],
                  "nested": {
                    "app.kubernetes.io/name": "yes"
                  }
                }

                """)
        }

        @Test("YAML quotes every string, so 'yes' and '5' stay strings")
        func yaml() {
            #expect(document.yaml == """
                name: "a \\"b\\"\\n"
                count: 2
                on: true
                empty: []
                list:
                - "x"
                - k: "v"
                  n: 1
                nested:
                  app.kubernetes.io/name: "yes"

                """)
        }

        @Test("systemd quoting escapes specifiers, expansions and quotes")
        func systemdQuoting() {
            #expect(SystemdQuoting.word("/usr/bin/supervisor") == "/usr/bin/supervisor")
            #expect(SystemdQuoting.word("50%") == "50%%")
            #expect(SystemdQuoting.word("a b\"$X") == "\"a b\\\"$$X\"")
            #expect(SystemdQuoting.environmentLine("K", "a \"q\" $HOME\nline2") == "K=\"a \\\"q\\\" \\$HOME\nline2\"")
        }

        @Test("app names must be DNS labels; type names are turned into labels")
        func labels() {
            #expect(ExportPlan.isLabel("formation-app1"))
            #expect(!ExportPlan.isLabel("Formation"))
            #expect(!ExportPlan.isLabel("1app"))
            #expect(!ExportPlan.isLabel("app-"))
            #expect(ExportPlan.label("Backup_Job") == "backup-job")
            #expect(ExportPlan.defaultName(directory: "formation-25BD9AA3-70BE-45C7-B0A8-7988D254B056") == "formation-25bd9aa3-70be-45c7-b0a8-7988d2")
            #expect(ExportPlan.defaultName(directory: "2048") == "app-2048")
            #expect(ExportPlan.defaultName(directory: "My App") == "my-app")
        }
    }
}
