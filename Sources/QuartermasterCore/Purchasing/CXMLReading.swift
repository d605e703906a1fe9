/// Why a cXML document from a vendor could not be read into a domain value: what is wrong, where.
public struct CXMLReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Reading helpers shared by the cXML readers: each fails with a message naming the element.
extension XMLReader.Element {
    /// The `<cXML>` root of `bytes`.
    static func cXMLRoot(in bytes: some Collection<UInt8>) throws(CXMLReadError) -> XMLReader.Element {
        let root: XMLReader.Element
        do {
            root = try XMLReader.parse(bytes)
        } catch {
            throw CXMLReadError(error.description)
        }
        guard root.name == "cXML" else { throw CXMLReadError("expected a cXML document, found <\(root.name)>") }
        return root
    }

    /// The request of type `name` inside `<cXML><Request>`.
    static func cXMLRequest(_ name: String, in bytes: some Collection<UInt8>) throws(CXMLReadError) -> XMLReader.Element {
        try cXMLRoot(in: bytes).cXMLRequest(name)
    }

    /// The request of type `name` inside this `<cXML>` root's `<Request>`.
    func cXMLRequest(_ name: String) throws(CXMLReadError) -> XMLReader.Element {
        guard let request = descendant("Request", name) else { throw CXMLReadError("expected cXML/Request/\(name)") }
        return request
    }

    func required(_ name: String) throws(CXMLReadError) -> XMLReader.Element {
        guard let child = child(name) else { throw CXMLReadError("<\(self.name)> has no <\(name)>") }
        return child
    }

    func requiredAttribute(_ attribute: String) throws(CXMLReadError) -> String {
        guard let value = self[attribute]?.trimmingWhitespace(), !value.isEmpty else {
            throw CXMLReadError("<\(name)> has no \(attribute)")
        }
        return value
    }

    /// A whole, non-negative quantity (`10`, `10.0`); cXML writes quantities as real numbers.
    func quantity(_ attribute: String = "quantity") throws(CXMLReadError) -> Int {
        let text = try requiredAttribute(attribute)
        guard let value = FixedDecimal(parsing: text), value >= .zero, value.units % FixedDecimal.scale == 0 else {
            throw CXMLReadError("<\(name)> \(attribute) \(text) is not a whole number of units")
        }
        return Int(value.units / FixedDecimal.scale)
    }

    func integer(_ attribute: String) throws(CXMLReadError) -> Int {
        let text = try requiredAttribute(attribute)
        guard let value = Int(text) else { throw CXMLReadError("<\(name)> \(attribute) \(text) is not an integer") }
        return value
    }

    /// An optional date-time attribute, in milliseconds since the epoch.
    func dateTime(_ attribute: String) throws(CXMLReadError) -> Int64? {
        guard let text = self[attribute] else { return nil }
        guard let value = ISO8601DateTime.parse(text) else { throw CXMLReadError("<\(name)> \(attribute) \(text) is not a date-time") }
        return value
    }

    /// The calendar day a date-time attribute names, as the vendor wrote it (before any offset).
    func day(_ attribute: String) throws(CXMLReadError) -> LocalDate? {
        guard let text = self[attribute] else { return nil }
        guard ISO8601DateTime.parse(text) != nil, let day = LocalDate(iso: String(text.trimmingWhitespace().prefix(10))) else {
            throw CXMLReadError("<\(name)> \(attribute) \(text) is not a date")
        }
        return day
    }

    /// The order an `<OrderReference orderID="PO-…">` names.
    func orderNumber() throws(CXMLReadError) -> PurchaseOrderNumber {
        let reference = try required("OrderReference")
        let text = try reference.requiredAttribute("orderID")
        guard let number = PurchaseOrderNumber(text) else {
            throw CXMLReadError("OrderReference orderID \(text) is not one of our order numbers")
        }
        return number
    }

    /// `<Money currency="USD">12.50</Money>` as money.
    func money() throws(CXMLReadError) -> Money {
        let money = try required("Money")
        let code = try money.requiredAttribute("currency")
        guard let currency = CurrencyCode(code) else { throw CXMLReadError("unknown currency \(code)") }
        guard let amount = FixedDecimal(parsing: money.trimmedText) else { throw CXMLReadError("\(money.trimmedText) is not an amount") }
        return Money(amount, currency)
    }

    /// The text of every `<Comments>` child, joined; nil when there are none.
    var comments: String? {
        let texts = children("Comments").map(\.trimmedText).filter { !$0.isEmpty }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }
}
