/// A cXML document a vendor POSTs to our cXML endpoint, read far enough to authenticate and route
/// it: the payload ID (unique per document, so a redelivery is recognised), the sender's
/// credential and shared secret, and the request it carries — a `ConfirmationRequest` or a
/// `ShipNoticeRequest`. Anything else is refused with a reason.
public struct CXMLInbound: Sendable, Hashable {
    public enum Document: Sendable, Hashable {
        case confirmation(OrderConfirmation)
        case shipNotice(ShipNotice)
    }

    public var payloadID: String
    /// The sender's identity (`Header/Sender/Credential/Identity`).
    public var senderIdentity: String?
    /// The secret the sender presents (`Header/Sender/Credential/SharedSecret`).
    public var sharedSecret: String?

    /// Reads the envelope only: enough to check who sent it before reading the request.
    public static func envelope(_ bytes: some Collection<UInt8>) throws(CXMLReadError) -> CXMLInbound {
        let root: XMLReader.Element
        do {
            root = try XMLReader.parse(bytes)
        } catch {
            throw CXMLReadError(error.description)
        }
        guard root.name == "cXML" else { throw CXMLReadError("expected a cXML document, found <\(root.name)>") }
        guard let payloadID = root["payloadID"]?.trimmingWhitespace(), !payloadID.isEmpty else {
            throw CXMLReadError("<cXML> has no payloadID")
        }
        let credential = root.descendant("Header", "Sender", "Credential")
        return CXMLInbound(
            payloadID: String(payloadID.prefix(500)),
            senderIdentity: credential?.child("Identity")?.trimmedText,
            sharedSecret: credential?.child("SharedSecret")?.trimmedText)
    }

    /// The request inside: a confirmation or a ship notice.
    public static func document(_ bytes: some Collection<UInt8>) throws(CXMLReadError) -> Document {
        let root: XMLReader.Element
        do {
            root = try XMLReader.parse(bytes)
        } catch {
            throw CXMLReadError(error.description)
        }
        guard let request = root.child("Request"), let body = request.children.first else {
            throw CXMLReadError("expected cXML/Request with a request inside")
        }
        switch body.name {
        case "ConfirmationRequest": return .confirmation(try CXMLConfirmation.parse(bytes))
        case "ShipNoticeRequest": return .shipNotice(try CXMLShipNotice.parse(bytes))
        default: throw CXMLReadError("cannot act on a \(body.name); this endpoint takes ConfirmationRequest and ShipNoticeRequest")
        }
    }
}
