extension String {
    /// The string without leading and trailing whitespace (Unicode's definition, so a
    /// no-break space from a spreadsheet goes too).
    ///
    /// Runs once per cell on large files: a cell that starts and ends with a visible
    /// ASCII character, the common case, comes back as is without a scan.
    var trimmedValue: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }

        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace {
            start = scalars.index(after: start)
        }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
            end = scalars.index(before: end)
        }
        return String(scalars[start..<end])
    }
}
