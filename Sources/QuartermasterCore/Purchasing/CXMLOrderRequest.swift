/// A purchase order as a cXML 1.2.063 `OrderRequest` (valid against `cXML.dtd`).
///
/// A new order is `type="new"`; a change order is the whole new version with `type="update"`; a
/// cancellation repeats the order with `type="delete"`. Both refer to the payload ID of the
/// document they replace. `orderVersion` is the order's version.
///
/// Mapping worth knowing: `Total` is the sum of the lines (shipping and tax are given apart, as
/// cXML expects); the supplier travels as a `supplierCorporate` contact; Incoterms go in
/// `TermsOfDelivery/TransportTerms` as text (`DAP Lisbon (Incoterms 2020)`); a line's cost centre
/// is an accounting segment of its distribution.
public enum CXMLOrderRequest {
    public enum Operation: Sendable, Hashable {
        case new
        case update(replacingPayloadID: String)
        case delete(replacingPayloadID: String)

        var type: String {
            switch self {
            case .new: "new"
            case .update: "update"
            case .delete: "delete"
            }
        }

        var replacedPayloadID: String? {
            switch self {
            case .new: nil
            case .update(let id), .delete(let id): id
            }
        }
    }

    public static func render(_ order: PurchaseOrder, operation: Operation = .new, envelope: CXMLEnvelope) -> String {
        let language = envelope.language
        func money(_ amount: FixedDecimal) -> (inout XMLWriter) -> Void {
            { $0.leaf("Money", ["currency": order.currency.code], amount.text(minimumPlaces: 2)) }
        }
        return envelope.document(dtd: "cXML.dtd") { xml in
            xml.element("OrderRequest") { xml in
                let header: XMLWriter.Attributes = [
                    "orderID": order.number.text, "orderDate": ISO8601DateTime.format(order.orderDate), "type": operation.type,
                    "orderVersion": String(order.version), "requisitionID": order.requestID,
                ]
                xml.element("OrderRequestHeader", header) { xml in
                    xml.element("Total", content: money(order.subtotal))
                    xml.element("ShipTo") { writeAddress(order.shipTo, language: language, to: &$0) }
                    xml.element("BillTo") { writeAddress(order.billTo, language: language, to: &$0) }
                    if let shipping = order.shipping {
                        xml.element("Shipping") { xml in
                            money(shipping.amount)(&xml)
                            xml.leaf("Description", ["xml:lang": language], shipping.description)
                        }
                    }
                    if let tax = order.tax {
                        xml.element("Tax") { xml in
                            money(tax.amount)(&xml)
                            xml.leaf("Description", ["xml:lang": language], tax.description)
                        }
                    }
                    writePaymentTerms(order.paymentTerms, to: &xml)
                    writeContact(order.buyer, role: "purchasingAgent", language: language, to: &xml)
                    writeContact(order.supplier, role: "supplierCorporate", language: language, to: &xml)
                    if !order.terms.isEmpty {
                        xml.leaf("Comments", ["xml:lang": language], order.terms.joined(separator: "\n\n"))
                    }
                    if let replaced = operation.replacedPayloadID { xml.empty("DocumentReference", ["payloadID": replaced]) }
                    if let incoterms = order.incoterms {
                        xml.element("TermsOfDelivery") { xml in
                            xml.empty("TermsOfDeliveryCode", ["value": "DeliveryCondition"])
                            xml.empty("ShippingPaymentMethod", ["value": incoterms.rule.sellerPaysCarriage ? "PrepaidBySeller" : "Collect"])
                            xml.leaf("TransportTerms", ["value": "Other"], incoterms.description)
                        }
                    }
                }
                for line in order.lines {
                    let item: XMLWriter.Attributes = [
                        "quantity": String(line.quantity), "lineNumber": String(line.lineNumber),
                        "requestedDeliveryDate": line.requestedDeliveryDate?.iso,
                    ]
                    xml.element("ItemOut", item) { xml in
                        xml.element("ItemID") { xml in
                            xml.leaf("SupplierPartID", line.supplierPartID)
                            xml.leaf("BuyerPartID", line.buyerPartID)
                        }
                        xml.element("ItemDetail") { xml in
                            xml.element("UnitPrice", content: money(line.unitPrice))
                            xml.leaf("Description", ["xml:lang": language], line.description)
                            xml.leaf("UnitOfMeasure", line.unit.code)
                            xml.leaf("Classification", ["domain": "UNSPSC"], line.unspsc ?? "")
                        }
                        if let costCentre = line.costCentre {
                            xml.element("Distribution") { xml in
                                xml.element("Accounting", ["name": "CostCentre"]) { xml in
                                    xml.element("AccountingSegment", ["id": costCentre]) { xml in
                                        xml.leaf("Name", ["xml:lang": language], "Cost Center")
                                        xml.leaf("Description", ["xml:lang": language], costCentre)
                                    }
                                }
                                xml.element("Charge", content: money(line.lineTotal))
                            }
                        }
                    }
                }
            }
        }
    }

    /// `<Address>` with the party's name, postal address and contact email.
    private static func writeAddress(_ party: Party, language: String, to xml: inout XMLWriter) {
        let address = party.address
        xml.element("Address", ["isoCountryCode": address.countryCode, "addressID": party.id]) { xml in
            xml.leaf("Name", ["xml:lang": language], party.name)
            writePostalAddress(address, deliverTo: party.contact?.name, to: &xml)
            xml.leaf("Email", ["name": "default"], party.contact?.email)
        }
    }

    private static func writeContact(_ party: Party, role: String, language: String, to xml: inout XMLWriter) {
        xml.element("Contact", ["role": role, "addressID": party.id]) { xml in
            xml.leaf("Name", ["xml:lang": language], party.contact.map { "\($0.name), \(party.name)" } ?? party.name)
            writePostalAddress(party.address, deliverTo: nil, to: &xml)
            xml.leaf("Email", ["name": "default"], party.contact?.email)
        }
    }

    private static func writePostalAddress(_ address: PostalAddress, deliverTo: String?, to xml: inout XMLWriter) {
        xml.element("PostalAddress") { xml in
            xml.leaf("DeliverTo", deliverTo)
            for street in address.street { xml.leaf("Street", street) }
            xml.leaf("City", address.city)
            xml.leaf("State", address.region)
            xml.leaf("PostalCode", address.postalCode)
            xml.leaf("Country", ["isoCountryCode": address.countryCode], address.country)
        }
    }

    private static func writePaymentTerms(_ terms: PaymentTerms, to xml: inout XMLWriter) {
        if let percent = terms.discountPercent, let days = terms.discountDays {
            xml.element("PaymentTerm", ["payInNumberOfDays": String(days)]) { xml in
                xml.element("Discount") { $0.empty("DiscountPercent", ["percent": percent.text()]) }
            }
        }
        xml.empty("PaymentTerm", ["payInNumberOfDays": String(terms.netDays)])
    }
}
