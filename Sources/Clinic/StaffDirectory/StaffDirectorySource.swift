import Care

/// Where the staff directory comes from: a JSON file given with `--staff-directory`, the demo
/// clinic's people by default, and in a region the HSA catalogue (an adapter that implements
/// this). Read once at start-up; a source that cannot be read stops the start.
public protocol StaffDirectorySource: Sendable {
    func load() throws(DirectoryError) -> StaffDirectory
}
