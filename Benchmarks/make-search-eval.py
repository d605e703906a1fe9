#!/usr/bin/env python3
"""Builds the labelled search-evaluation set over the default demo catalog (2,400 products, default seed).

Usage: make_eval.py CATALOG_DIR OUT.jsonl
CATALOG_DIR holds vendor-0.jsonl ... vendor-4.jsonl as written by `dumpcat` (or any dump of the five demo feeds).
Each query has a predicate over the product content; the relevant products are the ones the predicate accepts,
listed by every vendor SKU that sells them. The script refuses to write a query whose set is empty or has more
than 15 products, so the set stays precise when the generator changes.
"""
import json
import sys
from collections import Counter

catalog_dir = sys.argv[1] if len(sys.argv) > 1 else 'catalog'
out_path = sys.argv[2] if len(sys.argv) > 2 else 'search-eval.jsonl'

products = {}
for vendor in range(5):
    with open(f'{catalog_dir}/vendor-{vendor}.jsonl', encoding='utf-8') as feed:
        for line in feed:
            record = json.loads(line)
            product = products.setdefault(record['gtin'], {'record': record, 'skus': []})
            product['skus'].append(record['sku'])
P = [p['record'] | {'skus': sorted(p['skus'])} for p in products.values()]


# Predicate helpers --------------------------------------------------------------------------------------------
def kind(*names):
    return lambda p: p['category'][1] in names


def top(name):
    return lambda p: p['category'][0] == name


def spec(key, value):
    return lambda p: p['specs'].get(key) == value


def spec_ge(key, value):
    return lambda p: isinstance(p['specs'].get(key), (int, float)) and p['specs'][key] >= value


def spec_le(key, value):
    return lambda p: isinstance(p['specs'].get(key), (int, float)) and p['specs'][key] <= value


def spec_has(key, value):
    return lambda p: value in (p['specs'].get(key) or [])


def option(name, value):
    """The product offers this option value (a colour, a size, a finish)."""
    return lambda p: value in p.get('options', {}).get(name, [])


def color(value):
    """Available in this colour: as an option, or as the product's fixed colour."""
    return lambda p: (value in p.get('options', {}).get('color', [])
                      or p['specs'].get('ink_color') == value or p['specs'].get('color') == value)


def brand(name):
    return lambda p: p['brand'] == name


def title_has(*words):
    return lambda p: all(w.lower() in p['title'].lower() for w in words)


def attr(value):
    return lambda p: value in p.get('attributes', [])


def all_of(*predicates):
    return lambda p: all(pred(p) for pred in predicates)


def any_of(*predicates):
    return lambda p: any(pred(p) for pred in predicates)


queries = []  # (class, query, predicate)


def q(cls, text, *predicates):
    queries.append((cls, text, all_of(*predicates)))


# Natural phrasing ---------------------------------------------------------------------------------------------
N = 'natural'
q(N, 'retractable blue gel pens fine tip', kind('Gel Pens'), color('blue'), spec('tip', 'fine'), spec('retractable', True))
q(N, 'ergonomic mesh office chair with lumbar support and headrest', kind('Task Chairs'), spec('material', 'mesh'),
  spec('headrest', True), spec('lumbar_support', True))
q(N, 'standing desk dual motor 160 cm', kind('Standing Desks'), spec('motors', 2), spec('width_cm', 160))
q(N, 'A4 copy paper 100% recycled', kind('Copy Paper'), spec('paper_size', 'A4'), spec('recycled_percent', 100))
q(N, 'letter size copy paper 120 gsm', kind('Copy Paper'), spec('paper_size', 'Letter'), spec('weight_gsm', 120))
q(N, 'high yield black toner for Printek P2035', kind('Laser Toner'), spec('color', 'black'),
  spec_has('compatible_printers', 'Printek P2035'), attr('high yield'))
q(N, 'cyan XL ink cartridge', kind('Ink Cartridges'), spec('color', 'cyan'), attr('XL'))
q(N, 'AA alkaline batteries 48 pack', kind('Alkaline Batteries'), spec('battery_size', 'AA'), spec('count', 48))
q(N, 'AAA rechargeable batteries', kind('Rechargeable Batteries'), spec('battery_size', 'AAA'))
q(N, 'wireless ergonomic vertical mouse silent', kind('Computer Mice'), spec('ergonomic', True), attr('wireless'),
  attr('silent'))
q(N, 'backlit mechanical keyboard', kind('Keyboards'), spec('switch_type', 'mechanical'), spec('backlit', True))
q(N, '256 GB USB flash drive', kind('USB Flash Drives'), spec('capacity_gb', 256))
q(N, 'USB-C to USB-C cable 2 m 100W', kind('USB-C Cables'), spec('connector', 'USB-C to USB-C'), spec('length_m', 2),
  spec('power_w', 100))
q(N, 'bluetooth headset with active noise cancelling', kind('Headsets'), spec('connectivity', 'Bluetooth'),
  spec('active_noise_cancelling', True))
q(N, '4K webcam', kind('Webcams'), spec('resolution', '4K'))
q(N, 'dual monitor arm for 34 inch screens', kind('Monitor Arms'), spec('screens', 2), spec('max_screen_in', 34))
q(N, 'kraft bubble mailers 8.5 x 12', kind('Padded Mailers'), spec('mailer_size', '#2 8.5 x 12 in'),
  spec('material', 'kraft bubble'))
q(N, 'double wall shipping boxes 18 x 18 x 16', kind('Shipping Boxes'), spec('wall', 'double wall'),
  spec('box_dimensions', '18 x 18 x 16 in'))
q(N, 'clear packing tape 36 rolls', kind('Packing Tape'), spec('color', 'clear'), spec('rolls', 36))
q(N, 'bubble wrap roll 100 m', kind('Bubble Wrap'), spec('length_m', 100))
q(N, '#10 window envelopes peel and seal', kind('Envelopes'), spec('envelope_size', '#10'), spec('window', True),
  spec('closure', 'peel and seal'))
q(N, 'first aid kit for 50 people', kind('First Aid Kits'), spec('people', 50))
q(N, 'black nitrile gloves', kind('Disposable Gloves'), spec('material', 'nitrile'), spec('color', 'black'))
q(N, 'orange hi vis vest', kind('Hi-Vis Vests'), spec('color', 'orange'))
q(N, 'corded foam ear plugs', kind('Ear Plugs'), spec('corded', True))
q(N, 'fire extinguisher 5 lb', kind('Fire Extinguishers'), spec('weight_lb', 5))
q(N, 'heavy duty stapler 160 sheets', kind('Staplers'), spec('type', 'heavy duty'), spec('capacity_sheets', 160))
q(N, '26/6 staples box of 5000', kind('Staples'), spec('staple_size', '26/6'), spec('count', 5000))
q(N, '3 hole punch 20 sheet', kind('Hole Punches'), spec('holes', 3), spec('capacity_sheets', 20))
q(N, 'jumbo paper clips', kind('Paper Clips'), spec('size', 'Jumbo (50 mm)'))
q(N, 'bamboo desk organiser', kind('Desk Organisers'), spec('material', 'bamboo'))
q(N, 'magnetic glass whiteboard', kind('Whiteboards'), spec('surface', 'glass'))
q(N, 'cork notice board 90 x 60 cm', kind('Notice Boards'), spec('surface', 'cork'), spec('width_cm', 90))
q(N, 'self-stick flip chart pads', kind('Flip Chart Pads'), spec('self_stick', True))
q(N, 'wireless presenter with green laser', kind('Wireless Presenters'), spec('laser_color', 'green'))
q(N, 'address labels 30 per sheet', kind('Address Labels'), spec('labels_per_sheet', 30))
q(N, 'bluetooth label maker', kind('Label Makers'), spec('connectivity', 'Bluetooth'))
q(N, '12 mm label tape black on white', kind('Label Tapes'), spec('width_mm', 12), spec('colors', 'black on white'))
q(N, '4x6 thermal shipping labels 10 rolls', kind('Shipping Labels'), spec('rolls', 10))
q(N, '12 outlet surge protector with USB ports', kind('Surge Protectors'), spec('outlets', 12), spec_ge('usb_ports', 2))
q(N, 'outdoor extension cord 10 m', kind('Extension Cords'), spec('outdoor', True), spec('length_m', 10))
q(N, 'LED desk lamp with USB charging port', kind('Desk Lamps'), spec('usb_port', True))
q(N, 'E26 LED bulbs 60W equivalent daylight', kind('LED Bulbs'), spec('base', 'E26'), spec('watts_equivalent', 60),
  spec('color_temp_k', 5000))
q(N, 'LED panel light 60 x 60', kind('LED Panel Lights'), spec('panel_size', '60 x 60 cm'))
q(N, 'dark roast whole bean coffee 2 lb', kind('Coffee'), spec('roast', 'dark'), spec('form', 'whole bean'),
  spec('weight_g', 907))
q(N, 'decaf ground coffee', kind('Coffee'), spec('decaf', True), spec('form', 'ground'))
q(N, 'espresso coffee pods', kind('Coffee Pods'), spec('roast', 'espresso'))
q(N, 'peppermint tea bags', kind('Tea'), spec('tea_type', 'peppermint'))
q(N, 'sparkling water 330 ml bottles', kind('Bottled Water'), spec('sparkling', True), spec('volume_ml', 330))
q(N, '16 oz hot cups compostable', kind('Disposable Cups'), spec('volume_oz', 16),
  spec('material', 'compostable PLA-lined paper'))
q(N, '2-ply lunch napkins 1000', kind('Napkins'), spec('ply', 2), spec('count', 1000))
q(N, 'lemon disinfecting wipes 3 pack', kind('Disinfecting Wipes'), spec('scent', 'lemon'), spec('canisters', 3))
q(N, 'all purpose cleaner gallon refill', kind('All-Purpose Cleaners'), spec('volume_ml', 3785))
q(N, '55 gallon trash bags', kind('Trash Bags'), spec('capacity_gal', 55))
q(N, 'C-fold paper towels', kind('Paper Towels'), spec('type', 'C-fold'))
q(N, '3-ply toilet paper', kind('Toilet Paper'), spec('ply', 3))
q(N, 'antibacterial foaming hand soap', kind('Hand Soap'), spec('form', 'foaming'), spec('antibacterial', True))
q(N, '4 drawer vertical filing cabinet', kind('Filing Cabinets'), spec('drawers', 4), spec('type', 'vertical'))
q(N, '2 inch D-ring view binder', kind('Ring Binders'), spec('ring_size_in', 2), spec('ring_type', 'D-ring'),
  spec('view_binder', True))
q(N, 'legal size hanging file folders', kind('Hanging File Folders'), spec('paper_size', 'Legal'))
q(N, 'manila file folders 1/3 cut letter', kind('File Folders'), spec('color', 'manila'), spec('tab_cut', '1/3 cut'),
  spec('paper_size', 'Letter'))
q(N, 'archive boxes with locking lid pack of 12', kind('Archive Boxes'), attr('locking lid'), spec('count', 12))
q(N, 'lever arch file 80 mm', kind('Lever Arch Files'), spec('spine_width_mm', 80))
q(N, 'L-shaped desk with walnut finish', kind('Office Desks'), spec('shape', 'L-shaped'), option('finish', 'walnut'))
q(N, 'leather executive chair', kind('Executive Chairs'), spec('material', 'leather'))
q(N, 'drafting stool', kind('Drafting Stools'))
q(N, 'stacking chairs set of 4', kind('Stacking Chairs'), spec('pack_count', 4))
q(N, 'A5 dotted notebook', kind('Notebooks'), spec('paper_size', 'A5'), spec('ruling', 'dotted'))
q(N, 'canary yellow legal pads', kind('Writing Pads'), spec('color', 'canary yellow'), spec('paper_size', 'Legal'))
q(N, 'ruled index cards 4 x 6', kind('Index Cards'), spec('ruled', True), spec('size', '4 x 6 in'))
q(N, 'glossy photo paper 4 x 6', kind('Photo Paper'), spec('finish', 'glossy'), spec('paper_size', '4 x 6 in'))
q(N, 'black cardstock 250 gsm', kind('Cardstock'), spec('color', 'black'), spec('weight_gsm', 250))
q(N, 'plotter paper roll 36 inch', kind('Plotter Paper Rolls'), spec('roll_width_in', 36))
q(N, 'HB pencils with eraser box of 72', kind('Pencils'), spec('graphite_grade', 'HB'), spec('eraser', True),
  spec('pack_count', 72))
q(N, '0.7 mm mechanical pencils', kind('Mechanical Pencils'), spec('lead_size_mm', 0.7))
q(N, 'low odour dry erase markers chisel tip', kind('Whiteboard Markers'), spec('low_odor', True), spec('tip', 'chisel'))
q(N, 'ultra fine permanent markers', kind('Permanent Markers'), spec('tip', 'ultra fine'))
q(N, 'fineliner pens 0.3 mm', kind('Fineliners'), spec('tip_size_mm', 0.3))
q(N, 'imaging drum unit 30,000 pages', kind('Drum Units'), spec('yield_pages', 30000))
q(N, 'safety glasses smoke lens', kind('Safety Glasses'), spec('lens', 'smoke'))
q(N, 'flip chart easel with magnetic whiteboard', kind('Easels'), spec('magnetic', True))
q(N, 'super sticky notes 3 x 3 neon', kind('Sticky Notes'), spec('super_sticky', True), spec('size', '3 x 3 in'),
  spec('color', 'neon assorted'))

# Misspellings -------------------------------------------------------------------------------------------------
T = 'typo'
q(T, 'ergonmic mesh chiar with hedrest and lumbar suport', kind('Task Chairs'), spec('material', 'mesh'),
  spec('headrest', True), spec('lumbar_support', True))
q(T, 'stcky notes 3 x 5', kind('Sticky Notes'), spec('size', '3 x 5 in'))
q(T, 'heavy duty stapelr 100 sheets', kind('Staplers'), spec('type', 'heavy duty'), spec('capacity_sheets', 100))
q(T, 'bluetoth headset mono', kind('Headsets'), spec('connectivity', 'Bluetooth'), spec('style', 'mono'))
q(T, 'low odour whiteborad markers bullet tip', kind('Whiteboard Markers'), spec('tip', 'bullet'), spec('low_odor', True))
q(T, 'magneta tonner high yeild', kind('Laser Toner'), spec('color', 'magenta'), attr('high yield'))
q(T, 'envelops 9 x 12 kraft', kind('Envelopes'), spec('envelope_size', '9 x 12 in'), spec('color', 'kraft'))
q(T, 'dispoable vinyl glovs', kind('Disposable Gloves'), spec('material', 'vinyl'))
q(T, 'standng desk 180 cm dual motor', kind('Standing Desks'), spec('width_cm', 180), spec('motors', 2))
q(T, 'fire extingusher 10 lb', kind('Fire Extinguishers'), spec('weight_lb', 10))
q(T, 'laminted label tape 24mm', kind('Label Tapes'), spec('width_mm', 24))
q(T, 'brown packign tape 6 rolls', kind('Packing Tape'), spec('color', 'brown'), spec('rolls', 6))
q(T, 'mechancial keybaord compact', kind('Keyboards'), spec('switch_type', 'mechanical'), spec('numeric_keypad', False))
q(T, 'recyled copy paper letter', kind('Copy Paper'), spec('paper_size', 'Letter'), spec('recycled_percent', 100))
q(T, 'firts aid kit 100 people', kind('First Aid Kits'), spec('people', 100))
q(T, 'surge protecter 10 outlet', kind('Surge Protectors'), spec('outlets', 10))
q(T, 'dimable led desk lamp 800 lumens', kind('Desk Lamps'), spec('lumens', 800))
q(T, 'flash drvie 128gb usb-c', kind('USB Flash Drives'), spec('capacity_gb', 128),
  any_of(spec('interface', 'USB-C'), spec('interface', 'dual USB-A and USB-C')))
q(T, 'bubbel wrap 25 mm bubbles 50 m', kind('Bubble Wrap'), spec('bubble_size_mm', 25), spec('length_m', 50))
q(T, 'sparkling watter', kind('Bottled Water'), spec('sparkling', True))
q(T, 'corck board oak frame', kind('Notice Boards'), spec('surface', 'cork'), spec('frame', 'oak wood'))
q(T, 'ear plgus nrr 33 corded', kind('Ear Plugs'), spec('nrr_db', 33), spec('corded', True))
q(T, 'hilighters bullet tip', kind('Highlighters'), spec('tip', 'bullet'))
q(T, 'wireles presenter laser poniter 50 m', kind('Wireless Presenters'), spec('range_m', 50))
q(T, 'expresso coffe pods 96', kind('Coffee Pods'), spec('roast', 'espresso'), spec('count', 96))
q(T, 'grafite pencils 2H', kind('Pencils'), spec('graphite_grade', '2H'))

# Synonyms -----------------------------------------------------------------------------------------------------
S = 'synonym'
q(S, 'biro 1.6 mm box of 50', kind('Ballpoint Pens'), spec('tip_size_mm', 1.6), spec('pack_count', 50))
q(S, 'post-it notes 4 x 6 neon', kind('Sticky Notes'), spec('size', '4 x 6 in'), spec('color', 'neon assorted'))
q(S, 'copier paper A3 80 gsm', kind('Copy Paper'), spec('paper_size', 'A3'), spec('weight_gsm', 80))
q(S, 'bin liners 13 gallon drawstring clear', kind('Trash Bags'), spec('capacity_gal', 13), spec('drawstring', True),
  spec('color', 'clear'))
q(S, 'kitchen roll 24 rolls', kind('Paper Towels'), spec('type', 'roll'), spec('count', 24))
q(S, 'bathroom tissue 96 rolls', kind('Toilet Paper'), spec('rolls', 96))
q(S, 'parcel tape 100 m', kind('Packing Tape'), spec('length_m', 100))
q(S, 'poly bubble envelopes 12.5 x 19', kind('Padded Mailers'), spec('mailer_size', '#6 12.5 x 19 in'),
  spec('material', 'poly bubble'))
q(S, 'dry erase board porcelain 180 x 120', kind('Whiteboards'), spec('surface', 'porcelain'), spec('width_cm', 180))
q(S, 'felt pin board 60 x 45', kind('Notice Boards'), spec('surface', 'felt'), spec('width_cm', 60))
q(S, 'hi-viz jacket yellow', kind('Hi-Vis Vests'), spec('color', 'yellow'))
q(S, 'power bar 4000 joules', kind('Surge Protectors'), spec('surge_joules', 4000))
q(S, 'thumb drive 16GB', kind('USB Flash Drives'), spec('capacity_gb', 16))
q(S, 'sit stand desk bamboo 180 cm', kind('Standing Desks'), option('finish', 'bamboo'), spec('width_cm', 180))
q(S, 'dry wipe markers fine tip', kind('Whiteboard Markers'), spec('tip', 'fine'))
q(S, 'hand wash gel 1 litre refill', kind('Hand Soap'), spec('form', 'gel'), spec('volume_ml', 1000))
q(S, 'memory stick 64GB 5 pack', kind('USB Flash Drives'), spec('capacity_gb', 64), spec('pack_count', 5))
q(S, 'marker pens permanent chisel', kind('Permanent Markers'), spec('tip', 'chisel'))
q(S, 'clicker with red laser', kind('Wireless Presenters'), spec('laser_color', 'red'))
q(S, 'clear bin bags 4 gallon', kind('Trash Bags'), spec('capacity_gal', 4), spec('color', 'clear'))

# Spec filters -------------------------------------------------------------------------------------------------
F = 'spec filter'
q(F, 'copy paper spec.paper_size=A4 spec.weight_gsm>=120', kind('Copy Paper'), spec('paper_size', 'A4'),
  spec_ge('weight_gsm', 120))
q(F, 'copy paper spec.paper_size=Legal spec.brightness>=98', kind('Copy Paper'), spec('paper_size', 'Legal'),
  spec_ge('brightness', 98))
q(F, 'office chair spec.max_load_kg>=150 spec.headrest=true', kind('Task Chairs', 'Executive Chairs'),
  spec_ge('max_load_kg', 150), spec('headrest', True))
q(F, 'standing desk spec.height_cm_min<=62 spec.width_cm>=160', kind('Standing Desks'), spec_le('height_cm_min', 62),
  spec_ge('width_cm', 160))
q(F, 'gel pens spec.tip_size_mm<=0.38 spec.retractable=true', kind('Gel Pens'), spec_le('tip_size_mm', 0.38),
  spec('retractable', True))
q(F, 'toner spec.yield_pages>=12000', kind('Laser Toner'), spec_ge('yield_pages', 12000))
q(F, 'batteries spec.battery_size=D', kind('Alkaline Batteries', 'Rechargeable Batteries'), spec('battery_size', 'D'))
q(F, 'trash bags spec.capacity_gal>=45 spec.count>=200', kind('Trash Bags'), spec_ge('capacity_gal', 45),
  spec_ge('count', 200))
q(F, 'flash drive spec.capacity_gb>=256 spec.pack_count>=2', kind('USB Flash Drives'), spec_ge('capacity_gb', 256),
  spec_ge('pack_count', 2))
q(F, 'envelopes spec.envelope_size=C4', kind('Envelopes'), spec('envelope_size', 'C4'))
q(F, 'monitor arm spec.max_load_kg>=10 spec.screens=1', kind('Monitor Arms'), spec_ge('max_load_kg', 10),
  spec('screens', 1))
q(F, 'ring binder spec.ring_size_in>=3', kind('Ring Binders'), spec_ge('ring_size_in', 3))
q(F, 'mouse spec.dpi>=4000 spec.buttons>=8', kind('Computer Mice'), spec_ge('dpi', 4000), spec_ge('buttons', 8))
q(F, 'notebook spec.pages>=240 spec.paper_size=A4', kind('Notebooks'), spec_ge('pages', 240), spec('paper_size', 'A4'))
q(F, 'first aid kit spec.pieces>=280', kind('First Aid Kits'), spec_ge('pieces', 280))
q(F, 'gloves spec.thickness_mil>=6 spec.material=nitrile', kind('Disposable Gloves'), spec_ge('thickness_mil', 6),
  spec('material', 'nitrile'))
q(F, 'led bulbs spec.base=GU10 spec.dimmable=true', kind('LED Bulbs'), spec('base', 'GU10'), spec('dimmable', True))
q(F, 'coffee spec.weight_g>=907 spec.roast=light', kind('Coffee'), spec_ge('weight_g', 907), spec('roast', 'light'))
q(F, 'filing cabinet spec.width_cm>=91', kind('Filing Cabinets'), spec_ge('width_cm', 91))
q(F, 'photo paper spec.weight_gsm>=280 spec.paper_size=A4', kind('Photo Paper'), spec_ge('weight_gsm', 280),
  spec('paper_size', 'A4'))
q(F, 'ink cartridge spec.yield_pages>=1100', kind('Ink Cartridges'), spec_ge('yield_pages', 1100))
q(F, 'hole punch spec.capacity_sheets>=65', kind('Hole Punches'), spec_ge('capacity_sheets', 65))
q(F, 'desk spec.width_cm>=180 spec.height_adjustable=false spec.depth_cm>=80', kind('Office Desks'),
  spec_ge('width_cm', 180), spec_ge('depth_cm', 80))
q(F, 'extension cord spec.length_m>=25', kind('Extension Cords'), spec_ge('length_m', 25))
q(F, 'sticky notes spec.pads>=24 spec.super_sticky=true', kind('Sticky Notes'), spec_ge('pads', 24),
  spec('super_sticky', True))
q(F, 'cardstock spec.weight_gsm>=300 spec.paper_size=Letter', kind('Cardstock'), spec_ge('weight_gsm', 300),
  spec('paper_size', 'Letter'))
q(F, 'whiteboard spec.width_cm>=150 spec.magnetic=true', kind('Whiteboards'), spec_ge('width_cm', 150),
  spec('magnetic', True))

# Options and colours ------------------------------------------------------------------------------------------
O = 'option'
q(O, 'red ring binder 1.5 inch', kind('Ring Binders'), option('color', 'red'), spec('ring_size_in', 1.5))
q(O, 'grey mesh office chair with headrest', kind('Task Chairs'), option('color', 'grey'), spec('material', 'mesh'),
  spec('headrest', True))
q(O, 'walnut standing desk 140', kind('Standing Desks'), option('finish', 'walnut'), spec('width_cm', 140))
q(O, 'pink bluetooth mouse', kind('Computer Mice'), option('color', 'pink'), spec('connectivity', 'Bluetooth'))
q(O, 'white 3 drawer filing cabinet', kind('Filing Cabinets'), option('color', 'white'), spec('drawers', 3))
q(O, 'nitrile gloves size XL blue', kind('Disposable Gloves'), option('size', 'XL'), spec('material', 'nitrile'),
  spec('color', 'blue'))
q(O, 'purple gel pens 0.7', kind('Gel Pens'), color('purple'), spec('tip_size_mm', 0.7))
q(O, 'green highlighters chisel', kind('Highlighters'), color('green'), spec('tip', 'chisel'))
q(O, 'teal spiral notebook', kind('Notebooks'), option('color', 'teal'), spec('binding', 'spiral'))
q(O, 'hi-vis vest 2XL/3XL orange', kind('Hi-Vis Vests'), option('size', '2XL/3XL'), spec('color', 'orange'))
q(O, 'cream leather executive chair', kind('Executive Chairs'), option('color', 'cream'), spec('material', 'leather'))
q(O, 'orange permanent markers', kind('Permanent Markers'), color('orange'))
q(O, 'red electric stapler', kind('Staplers'), option('color', 'red'), spec('type', 'electric'))
q(O, 'yellow lever arch file foolscap', kind('Lever Arch Files'), option('color', 'yellow'),
  spec('paper_size', 'Foolscap'))
q(O, 'white usb-c cable 3 m', kind('USB-C Cables'), option('color', 'white'), spec('length_m', 3))
q(O, 'grey faux leather desk organiser', kind('Desk Organisers'), option('color', 'grey'),
  spec('material', 'faux leather'))
q(O, 'light blue ballpoint pens', kind('Ballpoint Pens'), color('light blue'))
q(O, 'navy casebound notebook A5', kind('Notebooks'), option('color', 'navy'), spec('binding', 'casebound'),
  spec('paper_size', 'A5'))
q(O, 'oak office desk 120 cm', kind('Office Desks'), option('finish', 'oak'), spec('width_cm', 120))
q(O, 'silver swing arm desk lamp', kind('Desk Lamps'), option('color', 'silver'), attr('swing arm'))

# Brands and model numbers -------------------------------------------------------------------------------------
B = 'brand/model'
q(B, 'Aquavie', brand('Aquavie'))
q(B, 'Lucerna', brand('Lucerna'))
q(B, 'Aidwell first aid', brand('Aidwell'), kind('First Aid Kits'))
q(B, 'Oakline desk', brand('Oakline'))
q(B, 'Labelon label maker', brand('Labelon'), kind('Label Makers'))
q(B, 'Ergoform standing desk dual motor 120 cm', brand('Ergoform'), kind('Standing Desks'), spec('motors', 2),
  spec('width_cm', 120))
q(B, 'Scribo gel pens 0.38', brand('Scribo'), kind('Gel Pens'), spec('tip_size_mm', 0.38))
q(B, 'Tonerline toner Kairo M402dn', brand('Tonerline'), kind('Laser Toner'),
  spec_has('compatible_printers', 'Kairo M402dn'))
q(B, 'Sedis task chair', brand('Sedis'), kind('Task Chairs'))
q(B, 'Papyra Eco copy paper A4', brand('Papyra'), kind('Copy Paper'), title_has('Eco '), spec('paper_size', 'A4'))
q(B, 'Everpeak AAA', brand('Everpeak'), spec('battery_size', 'AAA'))
q(B, 'Planwall whiteboard', brand('Planwall'), kind('Whiteboards'))

# Model numbers: a handful of products picked deterministically (every 150th product in GTIN order).
for index, product in enumerate(sorted(P, key=lambda p: p['gtin'])[::150][:8]):
    model = product['mpn'].split('-', 1)[1]
    text = model if index % 2 == 0 else product['mpn']
    queries.append((B, text, lambda p, mpn=product['mpn']: p['mpn'] == mpn))

# Write --------------------------------------------------------------------------------------------------------
problems = []
lines = []
seen = set()
for cls, text, predicate in queries:
    relevant = [p for p in P if predicate(p)]
    if text in seen:
        problems.append(f'duplicate query {text!r}')
    seen.add(text)
    if not 1 <= len(relevant) <= 15:
        problems.append(f'{len(relevant):3d} products for {text!r}')
        continue
    skus = sorted(sku for p in relevant for sku in p['skus'])
    lines.append((cls, text, len(relevant), skus))
if problems:
    print('\n'.join(problems), file=sys.stderr)
    sys.exit(1)
with open(out_path, 'w', encoding='utf-8') as out:
    for cls, text, count, skus in lines:
        out.write(json.dumps({'query': text, 'relevant': skus}, ensure_ascii=False) + '\n')
mix = Counter(cls for cls, *_ in lines)
sizes = Counter(min(count, 10) for _, _, count, _ in lines)
print(f'{len(lines)} queries written to {out_path}')
for cls, count in mix.most_common():
    print(f'  {cls:12s} {count:4d}  {100 * count / len(lines):.0f}%')
print('  relevant products per query:', ', '.join(f'{k}{"+" if k == 10 else ""}: {v}' for k, v in sorted(sizes.items())))
