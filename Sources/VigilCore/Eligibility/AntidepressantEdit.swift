import Foundation

/// A clinic's change to the built-in minimum-dose table: a drug added or its minimum changed, or a
/// drug removed (no drug class and dose).
public struct AntidepressantEdit: Sendable, Equatable {
    public var genericName: String
    /// nil: the drug is removed from the clinic's table.
    public var drug: Antidepressant?

    public init(genericName: String, drug: Antidepressant?) {
        self.genericName = genericName
        self.drug = drug
    }

    /// Checks an added or changed drug.
    public static func checked(genericName: String, drugClass: String?, minimumDailyDoseMg: Double?, note: String?) throws(ValidationError) -> AntidepressantEdit {
        var validator = Validator()
        let name = genericName.trimmingCharacters(in: .whitespaces).lowercased()
        validator.check(name.wholeMatch(of: /[a-z][a-z0-9 \-]{1,59}/) != nil, "genericName", "must be a generic name of 2 to 60 letters, digits, spaces or hyphens")
        let parsedClass: Antidepressant.DrugClass? = validator.choice(drugClass, "drugClass")
        if let minimumDailyDoseMg {
            validator.check(minimumDailyDoseMg > 0 && minimumDailyDoseMg <= 2000, "minimumDailyDoseMg", "must be more than 0 and at most 2000 mg/day")
        } else {
            validator.add("minimumDailyDoseMg", "is required")
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        validator.check((note?.count ?? 0) <= 500, "note", "must be at most 500 characters")
        try validator.finish()
        return AntidepressantEdit(genericName: name, drug: Antidepressant(name, parsedClass!, minimumDailyDoseMg!,
                                                                           note: note?.isEmpty == false ? note : nil))
    }
}

extension AntidepressantTable {
    /// The table with a clinic's edits applied, in name order.
    public func applying(_ edits: [AntidepressantEdit]) -> AntidepressantTable {
        var byName = Dictionary(uniqueKeysWithValues: drugs.map { ($0.genericName, $0) })
        for edit in edits { byName[edit.genericName] = edit.drug }
        return AntidepressantTable(byName.values.sorted { $0.genericName < $1.genericName })
    }

    /// Whether a drug's entry is the built-in one (for showing what the clinic changed).
    public func isStandard(_ drug: Antidepressant) -> Bool {
        AntidepressantTable.standard.drug(named: drug.genericName) == drug
    }
}
