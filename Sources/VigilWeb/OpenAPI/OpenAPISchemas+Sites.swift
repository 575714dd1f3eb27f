import VigilCore

/// Schemas of the network's sites and of where a user works.
extension OpenAPISchemas {
    static let sitesField: JSONValue = ["type": "array", "items": uuid, "minItems": 1, "maxItems": 200, "uniqueItems": true,
                                        "description": "The sites the user works at (required once the network has more than one)"]
    static let networkField: JSONValue = ["type": "boolean", "description": "The network view: every site's board, ledger and reports (for medical directors)"]

    static let siteFields: [(String, JSONValue)] = [
        ("name", ["type": "string", "minLength": 1, "maxLength": 200]), ("address", ["type": "string", "maxLength": 300]),
        ("phone", ["type": "string", "maxLength": 40]),
        ("timeZone", ["type": "string", "example": "America/Chicago", "description": "An IANA zone; the site's calendar and times"]),
        ("chairs", ["type": "array", "items": ["type": "string", "minLength": 1, "maxLength": 40], "minItems": 1, "maxItems": 40]),
        ("openingHours", ["type": "string", "example": "mon 08:00-18:00; tue 08:00-18:00"]),
        ("closedDates", ["type": "array", "maxItems": .int(ClosedDate.maximumCount), "items": ["type": "string", "example": "2026-12-25 Christmas Day"],
                         "description": "Dates the site is closed although its hours say open: \"YYYY-MM-DD name\""]),
        ("deaRegistration", ["type": "string", "example": "FK1234563", "description": "The site's DEA registration number (check digit verified); empty until set"]),
        ("deaRegistrationExpiresOn", ["type": "string", "description": "YYYY-MM-DD; empty clears it"]),
        ("remsSettingId", ["type": "string", "maxLength": 40, "description": "The SPRAVATO REMS healthcare-setting certification"]),
        ("remsCertifiedOn", ["type": "string", "description": "YYYY-MM-DD; empty clears it"]),
        ("crisisLine", ["type": "string", "minLength": 10, "maxLength": 500]),
        ("active", ["type": "boolean", "description": "false closes the site: its records stay, nothing new happens there"]),
    ]

    static let sites: [(String, JSONValue)] = [
        ("Site", object(["id", "name", "address", "phone", "timeZone", "chairs", "openingHours", "closedDates", "deaRegistration", "remsSettingId",
                         "crisisLine", "active"],
                        [("id", uuid)] + siteFields.map { name, schema in
                            name == "deaRegistrationExpiresOn" || name == "remsCertifiedOn" ? (name, nullable("string", format: "date")) : (name, schema)
                        })),
        ("SiteList", list(of: "Site")),
        ("NewSite", object(["name", "timeZone"], siteFields)),
        ("SiteChange", object([], siteFields)),
        ("SiteChoice", object(["siteId"], [("siteId", ["type": "string", "format": "uuid", "description": "An open site you work at"])])),
    ]
}
