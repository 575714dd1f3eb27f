/// Everything recorded about a patient's past treatment of the current and earlier episodes.
public struct TreatmentHistory: Sendable, Equatable {
    public var trials: [MedicationTrial]
    public var otherTreatments: [OtherTreatment]
    public var episode: DepressiveEpisode?

    public init(trials: [MedicationTrial], otherTreatments: [OtherTreatment] = [], episode: DepressiveEpisode? = nil) {
        self.trials = trials
        self.otherTreatments = otherTreatments
        self.episode = episode
    }

    /// Treatment resistance, and the Maudsley score when the episode is recorded and a trial failed.
    public func evaluate(table: AntidepressantTable, criteria: TreatmentResistanceCriteria,
                         today: CalendarDate) -> (resistance: TreatmentResistance, maudsley: MaudsleyStaging?) {
        let resistance = TreatmentResistance.evaluate(trials, table: table, criteria: criteria, today: today)
        let current = otherTreatments.filter(\.currentEpisode)
        let maudsley = MaudsleyStaging.score(
            episodeMonths: episode?.months(until: today), severity: episode?.severity,
            failedAntidepressants: resistance.adequateFailedTrials,
            augmentation: current.contains { $0.kind == .augmentation },
            electroconvulsiveTherapy: current.contains { $0.kind == .ect })
        return (resistance, maudsley)
    }
}
