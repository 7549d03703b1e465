import AppCore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Shared
import Testing
@testable import web

/// `/hello` serves its last page again while the item stays the same; every change of the item,
/// even one of the same length written by another handle (another process), shows at once.
@Suite("the /hello page kept while its item is unchanged")
struct HelloPageMemoTests {
    @Test("a colour or a name changed by another writer shows on the next request, and back again")
    func changesShowAtOnce() async throws {
        let fixture = try await WebFixture()
        let router = buildRouter(dependencies: try await fixture.dependencies())
        // Another handle on the same file, as backup-job or a second process would write.
        let writer = try SQLiteStore(path: fixture.directory.appendingPathComponent("store.sqlite").path)
        try await Application(router: router).test(.router) { client in
            func page() async throws -> String {
                try await client.execute(uri: "/hello", method: .get) { String(buffer: $0.body) }
            }
            #expect(try await page().contains("background-color:teal;"))
            #expect(try await page().contains("background-color:teal;"))
            var item = ReferenceItem.seed
            item["BgColor"] = .s("lime")  // as long as "teal": the stored bytes differ, not their count
            try await writer.putItem(table: "TwelveFactorApp", item: item)
            #expect(try await page().contains("background-color:lime;"))
            item["Name"] = .s("Formation, renamed")
            try await writer.putItem(table: "TwelveFactorApp", item: item)
            let renamed = try await page()
            #expect(renamed.contains("Hello from Formation, renamed!") && renamed.contains("background-color:lime;"))
            try await writer.putItem(table: "TwelveFactorApp", item: ReferenceItem.seed)
            #expect(try await page().contains("background-color:teal;"))
            #expect(try await page().contains("Hello from Formation!"))
        }
        await writer.close()
        await fixture.remove()
    }

    @Test("the memo renders each distinct item once and gives the same page for an equal item")
    func memo() {
        let memo = HelloPageMemo()
        var item = ReferenceItem.seed
        let first = memo.page(for: item)
        #expect(String(buffer: first) == HelloPage.render(item))
        #expect(memo.page(for: ReferenceItem.seed) == first)
        item["Language"] = .s("Swift 6")
        let changed = memo.page(for: item)
        #expect(String(buffer: changed) == HelloPage.render(item))
        #expect(changed != first)
    }
}
