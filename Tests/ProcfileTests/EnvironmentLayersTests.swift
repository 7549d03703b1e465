import Procfile
import Testing

@Suite("Environment layering")
struct EnvironmentLayersTests {
    @Test func laterFileWinsAndProcessEnvironmentWinsOverAll() throws {
        let resolved = try EnvironmentLayers.resolve(
            files: [
                (file: ".env", text: "A=base\nB=base\nC=base\n"),
                (file: ".env.local", text: "B=local\nC=local\nD=local\n"),
            ],
            processEnvironment: ["C": "process", "HOME": "/home/me"])
        #expect(resolved.variables == [
            "A": "base", "B": "local", "C": "process", "D": "local", "HOME": "/home/me",
        ])
        #expect(resolved.fileKeys == ["A", "B", "C", "D"])
    }

    @Test func laterFilesExpandValuesOfEarlierFiles() throws {
        let resolved = try EnvironmentLayers.resolve(
            files: [
                (file: ".env", text: "ROOT=/srv\nDATA=$ROOT/data"),
                (file: ".env.local", text: "LOGS=${ROOT}/logs\nROOT=/override\nTMP=$ROOT/tmp"),
            ],
            processEnvironment: [:])
        #expect(resolved.variables == [
            "ROOT": "/override", "DATA": "/srv/data", "LOGS": "/srv/logs", "TMP": "/override/tmp",
        ])
    }

    @Test func processEnvironmentWinsInExpansionsOfEveryFile() throws {
        let resolved = try EnvironmentLayers.resolve(
            files: [(file: "a.env", text: "X=file\n"), (file: "b.env", text: "Y=$X\n")],
            processEnvironment: ["X": "process"])
        #expect(resolved.variables["Y"] == "process")
        #expect(resolved.variables["X"] == "process")
    }

    @Test func fileKeysAreSortedAndUnique() throws {
        let resolved = try EnvironmentLayers.resolve(
            files: [(file: "1", text: "b=1\nA=1\nb=2\n"), (file: "2", text: "A=3\n_z=1\n")],
            processEnvironment: ["OTHER": "x"])
        #expect(resolved.fileKeys == ["A", "_z", "b"])
        #expect(resolved.variables == ["A": "3", "b": "2", "_z": "1", "OTHER": "x"])
    }

    @Test("origins: the last file that set a variable, with the line and column of its value; none when the process environment wins")
    func origins() throws {
        let resolved = try EnvironmentLayers.resolve(
            files: [(file: "a.env", text: "X=1\nexport  Y = \"two\"\nZ=1\n"), (file: "b.env", text: "# z\nZ=3\n")],
            processEnvironment: ["X": "process"])
        #expect(resolved.origins == [
            "Y": VariableOrigin(file: "a.env", line: 2, column: 13),
            "Z": VariableOrigin(file: "b.env", line: 2, column: 3),
        ])
        #expect(resolved.origins["Z"]?.description == "b.env:2:3")
    }

    @Test func noFilesGivesProcessEnvironment() throws {
        let resolved = try EnvironmentLayers.resolve(files: [], processEnvironment: ["A": "1"])
        #expect(resolved == ResolvedEnvironment(variables: ["A": "1"], fileKeys: []))
    }

    @Test func collectsDiagnosticsFromEveryFile() {
        let found = diagnostics { () throws(ProcfileError) in
            try EnvironmentLayers.resolve(
                files: [
                    (file: ".env", text: "GOOD=1\nbad line\n"),
                    (file: ".env.ok", text: "FINE=2\n"),
                    (file: ".env.local", text: "1X=2\nY=\"open\n"),
                ],
                processEnvironment: [:])
        }
        #expect(found.map(\.file) == [".env", ".env.local", ".env.local"])
        #expect(found.map(\.code) == [.invalidLine, .invalidKey, .unterminatedQuote])
        #expect(found.map(\.line) == [2, 1, 2])
    }
}
