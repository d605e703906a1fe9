import Foundation

/// A purchase order as an OASIS UBL 2.1 `Order` (valid against `UBL-Order-2.1.xsd`).
///
/// Mapping worth knowing: the buyer is `BuyerCustomerParty`, the bill-to party
/// `AccountingCustomerParty`, the ship-to party the `Delivery`; shipping is a charge
/// (`AllowanceCharge`), tax a `TaxTotal`; a line's cost centre is its `AccountingCost`. UBL's Order
/// has no version field: a later version says so in a note (UBL's OrderChange is a separate document).
public enum UBLOrder {
    static let namespaces: XMLWriter.Attributes = [
        "xmlns": "urn:oasis:names:specification:ubl:schema:xsd:Order-2",
        "xmlns:cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "xmlns:cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    ]

    private static let utc = TimeZone(secondsFromGMT: 0)!

    public static func render(_ order: PurchaseOrder) -> String {
        let currency = order.currency.code
        func amount(_ name: String, _ value: FixedDecimal, to xml: inout XMLWriter) {
            xml.leaf("cbc:\(name)", ["currencyID": currency], value.text(minimumPlaces: 2))
        }
        var xml = XMLWriter()
        xml.element("Order", namespaces) { xml in
            xml.leaf("cbc:UBLVersionID", "2.1")
            xml.leaf("cbc:ID", order.number.text)
            xml.leaf("cbc:IssueDate", LocalDate.at(order.orderDate, in: utc).iso)
            xml.leaf("cbc:IssueTime", String(ISO8601DateTime.format(order.orderDate).dropFirst(11)))
            if order.version > 1 { xml.leaf("cbc:Note", "Version \(order.version) of \(order.number.text); replaces earlier versions.") }
            for paragraph in order.terms { xml.leaf("cbc:Note", paragraph) }
            xml.leaf("cbc:DocumentCurrencyCode", currency)
            xml.leaf("cbc:CustomerReference", order.requestID)
            xml.leaf("cbc:LineCountNumeric", String(order.lines.count))
            xml.element("cac:BuyerCustomerParty") { writeParty(order.buyer, as: "cac:Party", to: &$0) }
            xml.element("cac:SellerSupplierParty") { writeParty(order.supplier, as: "cac:Party", to: &$0) }
            xml.element("cac:AccountingCustomerParty") { writeParty(order.billTo, as: "cac:Party", to: &$0) }
            xml.element("cac:Delivery") { xml in
                xml.element("cac:DeliveryLocation") { xml in
                    xml.leaf("cbc:ID", order.shipTo.id)
                    xml.leaf("cbc:Name", order.shipTo.name)
                    writeAddress(order.shipTo.address, element: "cac:Address", to: &xml)
                }
                if let earliest = order.lines.compactMap(\.requestedDeliveryDate).min() {
                    xml.element("cac:RequestedDeliveryPeriod") { $0.leaf("cbc:EndDate", earliest.iso) }
                }
                writeParty(order.shipTo, as: "cac:DeliveryParty", to: &xml)
            }
            if let incoterms = order.incoterms {
                xml.element("cac:DeliveryTerms") { xml in
                    xml.leaf("cbc:ID", ["schemeAgencyID": "ICC", "schemeVersionID": "2020"], incoterms.rule.rawValue)
                    xml.leaf("cbc:SpecialTerms", incoterms.description)
                }
            }
            xml.element("cac:PaymentTerms") { xml in
                xml.leaf("cbc:Note", order.paymentTerms.description)
                xml.leaf("cbc:SettlementDiscountPercent", order.paymentTerms.discountPercent?.text())
                xml.element("cac:SettlementPeriod") {
                    $0.leaf("cbc:DurationMeasure", ["unitCode": "DAY"], String(order.paymentTerms.netDays))
                }
            }
            if let shipping = order.shipping {
                xml.element("cac:AllowanceCharge") { xml in
                    xml.leaf("cbc:ChargeIndicator", "true")
                    xml.leaf("cbc:AllowanceChargeReasonCode", "FC")  // UNCL 7161: freight charge
                    xml.leaf("cbc:AllowanceChargeReason", shipping.description)
                    amount("Amount", shipping.amount, to: &xml)
                }
            }
            if let tax = order.tax {
                xml.element("cac:TaxTotal") { xml in
                    amount("TaxAmount", tax.amount, to: &xml)
                    xml.element("cac:TaxSubtotal") { xml in
                        amount("TaxableAmount", order.subtotal + order.shippingAmount, to: &xml)
                        amount("TaxAmount", tax.amount, to: &xml)
                        xml.element("cac:TaxCategory") { xml in
                            xml.leaf("cbc:Name", tax.description)
                            xml.element("cac:TaxScheme") { $0.leaf("cbc:Name", tax.description) }
                        }
                    }
                }
            }
            xml.element("cac:AnticipatedMonetaryTotal") { xml in
                amount("LineExtensionAmount", order.subtotal, to: &xml)
                amount("TaxExclusiveAmount", order.subtotal + order.shippingAmount, to: &xml)
                amount("TaxInclusiveAmount", order.total, to: &xml)
                if order.shipping != nil { amount("ChargeTotalAmount", order.shippingAmount, to: &xml) }
                amount("PayableAmount", order.total, to: &xml)
            }
            for line in order.lines {
                xml.element("cac:OrderLine") { xml in
                    xml.element("cac:LineItem") { xml in
                        xml.leaf("cbc:ID", String(line.lineNumber))
                        xml.leaf("cbc:Quantity", ["unitCode": line.unit.code], String(line.quantity))
                        amount("LineExtensionAmount", line.lineTotal, to: &xml)
                        xml.leaf("cbc:AccountingCost", line.costCentre)
                        if let date = line.requestedDeliveryDate {
                            xml.element("cac:Delivery") { xml in
                                xml.element("cac:RequestedDeliveryPeriod") { $0.leaf("cbc:EndDate", date.iso) }
                            }
                        }
                        xml.element("cac:Price") { xml in
                            amount("PriceAmount", line.unitPrice, to: &xml)
                            xml.leaf("cbc:BaseQuantity", ["unitCode": line.unit.code], "1")
                        }
                        xml.element("cac:Item") { xml in
                            xml.leaf("cbc:Description", line.description)
                            xml.leaf("cbc:Name", String(line.description.prefix(100)))
                            if let buyerPartID = line.buyerPartID {
                                xml.element("cac:BuyersItemIdentification") { $0.leaf("cbc:ID", buyerPartID) }
                            }
                            xml.element("cac:SellersItemIdentification") { $0.leaf("cbc:ID", line.supplierPartID) }
                            if let unspsc = line.unspsc {
                                xml.element("cac:CommodityClassification") { xml in
                                    xml.leaf("cbc:ItemClassificationCode", ["listID": "UNSPSC"], unspsc)
                                }
                            }
                        }
                    }
                }
            }
        }
        return xml.document
    }

    private static func writeParty(_ party: Party, as element: String, to xml: inout XMLWriter) {
        xml.element(element) { xml in
            if let id = party.id { xml.element("cac:PartyIdentification") { $0.leaf("cbc:ID", id) } }
            xml.element("cac:PartyName") { $0.leaf("cbc:Name", party.name) }
            writeAddress(party.address, element: "cac:PostalAddress", to: &xml)
            if let contact = party.contact {
                xml.element("cac:Contact") { xml in
                    xml.leaf("cbc:Name", contact.name)
                    xml.leaf("cbc:Telephone", contact.phone)
                    xml.leaf("cbc:ElectronicMail", contact.email)
                }
            }
        }
    }

    private static func writeAddress(_ address: PostalAddress, element: String, to xml: inout XMLWriter) {
        xml.element(element) { xml in
            xml.leaf("cbc:StreetName", address.street.first)
            xml.leaf("cbc:CityName", address.city)
            xml.leaf("cbc:PostalZone", address.postalCode)
            xml.leaf("cbc:CountrySubentity", address.region)
            for extra in address.street.dropFirst() { xml.element("cac:AddressLine") { $0.leaf("cbc:Line", extra) } }
            xml.element("cac:Country") { xml in
                xml.leaf("cbc:IdentificationCode", ["listID": "ISO3166-1:Alpha2"], address.countryCode)
                xml.leaf("cbc:Name", address.countryName)
            }
        }
    }
}
