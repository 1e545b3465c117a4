/// Command-line flags and their CAREWIRE_* variables for one configuration value: `--name VALUE`,
/// `--name=VALUE` and `--[no-]switch`; CAREWIRE_NAME for each (dashes become underscores).
/// Flags win over the environment; missing values and malformed switches are errors, never
/// silently ignored. The server's options and the care service's use the same table.
public struct OptionTable<Configuration>: Sendable {
    public typealias Setter = @Sendable (inout Configuration, String) throws(ConfigurationError) -> Void

    public struct Option: Sendable {
        public let flag: String
        public let help: String
        public let set: Setter

        public init(_ flag: String, _ help: String, _ set: @escaping Setter) {
            self.flag = flag
            self.help = help
            self.set = set
        }
    }

    public struct Switch: Sendable {
        public let flag: String
        public let help: String
        public let set: @Sendable (inout Configuration, Bool) -> Void

        public init(_ flag: String, _ help: String, _ set: @escaping @Sendable (inout Configuration, Bool) -> Void) {
            self.flag = flag
            self.help = help
            self.set = set
        }
    }

    public let options: [Option]
    public let switches: [Switch]

    public init(options: [Option], switches: [Switch] = []) {
        self.options = options
        self.switches = switches
    }

    /// Applies the environment, then `arguments` (without the program name). Arguments the table
    /// does not know are an error, or, with `keepingUnknown`, returned in order for another table.
    public func apply(arguments: [String], environment: [String: String], to configuration: inout Configuration,
                      keepingUnknown: Bool = false) throws(ConfigurationError) -> [String] {
        for option in options {
            if let value = environment[Self.environmentName(option.flag)] { try option.set(&configuration, value) }
        }
        for option in switches {
            let name = Self.environmentName(option.flag)
            guard let value = environment[name] else { continue }
            guard let on = Self.boolean(value) else {
                throw ConfigurationError(message: "\(name): expected 1/0/true/false/yes/no/on/off, got \"\(value)\"")
            }
            option.set(&configuration, on)
        }
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            defer { index += 1 }
            let argument = arguments[index]
            guard argument.hasPrefix("--") else {
                if keepingUnknown { rest.append(argument); continue }
                throw ConfigurationError(message: "unexpected argument \"\(argument)\"")
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if let option = options.first(where: { $0.flag == name }) {
                guard let value = inlineValue ?? (index + 1 < arguments.count ? arguments[index + 1] : nil) else {
                    throw ConfigurationError(message: "--\(name) needs a value")
                }
                if inlineValue == nil { index += 1 }
                try option.set(&configuration, value)
            } else if let option = switches.first(where: { $0.flag == name || "no-" + $0.flag == name }) {
                guard inlineValue == nil else { throw ConfigurationError(message: "--\(name) takes no value") }
                option.set(&configuration, !name.hasPrefix("no-"))
            } else if keepingUnknown {
                rest.append(argument)
            } else {
                throw ConfigurationError(message: "unknown option --\(name) (see --help)")
            }
        }
        return rest
    }

    /// One line per flag: `  --name VALUE   help`.
    public var usageLines: [String] {
        options.map { "  --\($0.flag) VALUE".padded(to: 34) + $0.help }
            + switches.map { "  --[no-]\($0.flag)".padded(to: 34) + $0.help }
    }

    public static func environmentName(_ flag: String) -> String {
        "CAREWIRE_" + String(flag.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }
}

extension String {
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
