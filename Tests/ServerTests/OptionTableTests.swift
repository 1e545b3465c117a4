import Testing
@testable import Server

@Suite struct OptionTableTests {
    struct Settings {
        var path = ""
        var count = 0
        var demo = false
    }

    static let table = OptionTable<Settings>(options: [
        .init("path", "a path") { s, v throws(ConfigurationError) in s.path = v },
        .init("count", "a number") { s, v throws(ConfigurationError) in s.count = try ServerConfiguration.number(v, "count") },
    ], switches: [
        .init("demo", "a switch") { $0.demo = $1 },
    ])

    @Test func knownFlagsAreTakenAndTheRestIsKeptInOrder() throws {
        var settings = Settings()
        let rest = try Self.table.apply(
            arguments: ["--port", "0", "--path=/a b", "--loops", "2", "--count", "7", "--no-demo", "extra"],
            environment: ["CAREWIRE_DEMO": "yes", "CAREWIRE_PATH": "/from-env"], to: &settings, keepingUnknown: true)
        #expect(rest == ["--port", "0", "--loops", "2", "extra"])
        #expect(settings.path == "/a b")  // a flag wins over the environment
        #expect(settings.count == 7)
        #expect(settings.demo == false)
    }

    @Test func malformedInputIsAnErrorWithItsReason() {
        func error(_ arguments: [String], _ environment: [String: String] = [:], keeping: Bool = false) -> String? {
            var settings = Settings()
            do {
                _ = try Self.table.apply(arguments: arguments, environment: environment, to: &settings, keepingUnknown: keeping)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(error(["--count"]) == "--count needs a value")
        #expect(error(["--count", "many"]) == "--count: \"many\" is not a whole number in range")
        #expect(error(["--demo=1"]) == "--demo takes no value")
        #expect(error(["--bogus"]) == "unknown option --bogus (see --help)")
        #expect(error(["--bogus"], keeping: true) == nil)
        #expect(error(["stray"]) == "unexpected argument \"stray\"")
        #expect(error([], ["CAREWIRE_DEMO": "maybe"]) == "CAREWIRE_DEMO: expected 1/0/true/false/yes/no/on/off, got \"maybe\"")
        #expect(error([], ["CAREWIRE_COUNT": "x"]) == "--count: \"x\" is not a whole number in range")
    }
}
