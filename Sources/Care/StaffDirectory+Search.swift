extension StaffDirectory {
    /// Longest search text, in bytes, and most results per answer.
    public static let maxQueryBytes = 100
    public static let maxResults = 50

    /// People of `provider` whose name or unit name has, for every word of `query`, a word
    /// starting with it, folded ("ake" finds "Åke", "sodra" finds "Södra"), by name; at most
    /// `limit`, with `more` when there were others.
    public func search(_ query: String, in provider: CareProviderID, limit: Int) -> (people: [DirectoryPerson], more: Bool) {
        let terms = SearchKey.words(query)
        guard let part = providers[provider], let longest = terms.max(by: { $0.utf8.count < $1.utf8.count }) else {
            return ([], false)
        }
        // Candidates: every person with a word starting with the longest term (binary search
        // for the first such word, then a contiguous run).
        var low = 0, high = part.words.count
        while low < high {
            let middle = (low + high) / 2
            if part.words[middle].word < longest { low = middle + 1 } else { high = middle }
        }
        var candidates = Set<Int>()
        while low < part.words.count, part.words[low].word.hasPrefix(longest) {
            candidates.insert(part.words[low].person)
            low += 1
        }
        let matching = candidates.sorted().filter { index in
            terms.allSatisfy { term in term == longest || part.wordsOf[index].contains { $0.hasPrefix(term) } }
        }
        let bound = max(0, min(limit, Self.maxResults))
        return (matching.prefix(bound).map { part.people[$0] }, matching.count > bound)
    }
}
