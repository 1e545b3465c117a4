import FoundationEssentials
import Testing
@testable import Wire

/// The rule: every message type the server accepts or sends is in docs/asyncapi.yaml.
/// The YAML is read as text: each type must have its component (`command.<type>:` or
/// `event.<type>:` under components/messages) with `const: <type>` as its payload's type.
@Suite struct AsyncAPITests {
    static let yaml: String = {
        let url = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "docs/asyncapi.yaml")
        return (try? String(decoding: Data(contentsOf: url), as: UTF8.self)) ?? ""
    }()

    /// The component's block: from its key line to the next key at the same indentation.
    static func component(_ key: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == "    \(key):" }) else { return nil }
        let rest = lines[(start + 1)...].prefix { $0.isEmpty || $0.hasPrefix("      ") }
        return rest.joined(separator: "\n")
    }

    @Test func fileIsThere() {
        #expect(Self.yaml.hasPrefix("asyncapi: 3.0.0"))
    }

    @Test(arguments: CommandType.allCases)
    func command(_ type: CommandType) {
        let block = Self.component("command.\(type.rawValue)")
        #expect(block != nil, "no components/messages/command.\(type.rawValue) in docs/asyncapi.yaml")
        #expect(block?.contains("const: \(type.rawValue)") == true)
        #expect(Self.yaml.contains("$ref: '#/components/messages/command.\(type.rawValue)'"), "not in the /ws channel")
    }

    @Test(arguments: EventType.allCases)
    func event(_ type: EventType) {
        let block = Self.component("event.\(type.rawValue)")
        #expect(block != nil, "no components/messages/event.\(type.rawValue) in docs/asyncapi.yaml")
        #expect(block?.contains("const: \(type.rawValue)") == true)
        #expect(Self.yaml.contains("$ref: '#/components/messages/event.\(type.rawValue)'"), "not in the /ws channel")
    }

    @Test(arguments: ErrorCode.allCases)
    func errorCode(_ code: ErrorCode) {
        #expect(Self.yaml.contains(code.rawValue))
    }
}
