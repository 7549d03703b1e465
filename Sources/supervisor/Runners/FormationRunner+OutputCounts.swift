extension FormationRunner {
    /// Each instance's output so far: its closed streams' totals plus its open streams' counts.
    func outputCounts() -> [String: OutputCount] {
        var counts = outputTotals
        for stream in streams.values { counts[stream.source.instance, default: OutputCount()].add(stream.counted) }
        return counts
    }
}
