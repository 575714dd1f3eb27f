extension String {
    /// nil for an empty string, so blank form fields read as absent.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
