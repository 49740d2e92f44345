extension Tables {
    /// What the pages say from Swift code: titles, confirmations, flash messages.
    static let webKK: [String: String] = [
        "w.needs_confirm": "{action}: растау белгісін қойыңыз — жазба бірден жасалады.",
        "w.no_action": "Мұндай әрекет жоқ.",
        "w.no_airframe": "{serial} ҰҰА тіркелмеген.",
        "w.no_component": "{serial} компоненті қоймаға түспеген.",
        "w.no_operator": "{id} операторы оқуға қабылданбаған.",
        "w.no_part": "{part} жинақтаушы бұйымы каталогта жоқ.",
        "w.not_a_serial": "Бұл зауыттық нөмір емес.",
        "w.not_found": "Табылмады",
        "w.recorded": "Жазылды — {event}: {details}.",
        "w.recorded_change": "Жазылды — {event}: {from} → {to}.",
        "w.title_airframes": "ҰҰА",
        "w.title_dashboard": "Бақылау тақтасы",
        "w.title_operators": "Операторлар",
        "w.title_qc": "Сапаны тексеру: {serial}",
        "w.title_recall": "Топтаманы кері шақыру",
        "w.title_register": "ҰҰА тіркеу",
        "w.title_signin": "Кіру",
        "w.title_stock": "Қойма",
        "w.warning": "Ескерту: {text}.",
        "w.qc_needs_defect": "Тексеруден өтпеді ({items}): төменде кемінде бір ақау кодын көрсетіңіз.",
    ]
}
