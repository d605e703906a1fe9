/// Someone named on a purchase order: the buyer, the supplier, where to bill and where to deliver.
public struct Party: Sendable, Hashable, Codable {
    /// Our identifier for the party (organisation, vendor or location ID), sent as an address ID.
    public var id: String?
    public var name: String
    public var address: PostalAddress
    public var contact: Contact?

    public init(id: String? = nil, name: String, address: PostalAddress, contact: Contact? = nil) {
        self.id = id
        self.name = name
        self.address = address
        self.contact = contact
    }
}

/// A postal address. `countryCode` is ISO 3166-1 alpha-2 (`US`, `PT`).
public struct PostalAddress: Sendable, Hashable, Codable {
    /// Street lines, first to last ("12 Rua Augusta", "3rd floor").
    public var street: [String]
    public var city: String
    /// State, province or region, when the country uses one.
    public var region: String?
    public var postalCode: String?
    public var countryCode: String
    /// The country's name as printed; the code when nil.
    public var countryName: String?

    public init(
        street: [String], city: String, region: String? = nil, postalCode: String? = nil, countryCode: String, countryName: String? = nil
    ) {
        self.street = street
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.countryCode = countryCode
        self.countryName = countryName
    }

    public var country: String { countryName ?? countryCode }

    /// The address as printed on a page, one line per entry.
    public var printedLines: [String] {
        let cityLine = [postalCode, city, region].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return street + [cityLine, country]
    }

    enum CodingKeys: String, CodingKey {
        case street, city, region, postalCode = "postal_code", countryCode = "country_code", countryName = "country_name"
    }
}

/// A person to talk to about the order.
public struct Contact: Sendable, Hashable, Codable {
    public var name: String
    public var email: String?
    public var phone: String?

    public init(name: String, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}
