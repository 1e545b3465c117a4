/// Text as a search compares it: lower case, Swedish and other Latin letters with diacritics
/// folded to their base letter ("Åke" and "ake", "Södra" and "sodra" meet), split into words.
/// A table, not Unicode decomposition: Care has no Foundation, and a fixed table folds the same
/// way on every machine.
public enum SearchKey {
    /// The words of `text`, folded (letters and digits; everything else separates words).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if let folded = fold(character) {
                current += folded
            } else if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Whether every word of `query` starts some word of `words` (the same word may serve two).
    public static func matches(query: [String], words: [String]) -> Bool {
        query.allSatisfy { term in words.contains { $0.hasPrefix(term) } }
    }

    private static func fold(_ character: Character) -> String? {
        switch character {
        case "å", "ä", "á", "à", "â", "ã", "ā": "a"
        case "ö", "ó", "ò", "ô", "õ", "ø", "ō": "o"
        case "é", "è", "ê", "ë", "ē": "e"
        case "ü", "ú", "ù", "û", "ū": "u"
        case "í", "ì", "î", "ï", "ī": "i"
        case "ý", "ÿ": "y"
        case "ç", "č": "c"
        case "ñ", "ń": "n"
        case "š", "ś": "s"
        case "ž", "ź", "ż": "z"
        case "ł": "l"
        case "æ": "ae"
        case "ß": "ss"
        default: nil
        }
    }
}
