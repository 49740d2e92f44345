extension Tables {
    /// What the pages say from Swift code: titles, confirmations, flash messages.
    static let webRU: [String: String] = [
        "w.needs_confirm": "{action}: отметьте подтверждение — запись выполняется сразу.",
        "w.no_action": "Такого действия нет.",
        "w.no_airframe": "БПЛА {serial} не зарегистрирован.",
        "w.no_component": "Компонент {serial} на склад не поступал.",
        "w.no_operator": "Оператор {id} не зачислен.",
        "w.no_part": "Комплектующее изделие {part} отсутствует в каталоге.",
        "w.not_a_serial": "Это не заводской номер.",
        "w.not_found": "Не найдено",
        "w.recorded": "Записано — {event}: {details}.",
        "w.recorded_change": "Записано — {event}: {from} → {to}.",
        "w.title_airframes": "БПЛА",
        "w.title_dashboard": "Панель мониторинга",
        "w.title_operators": "Операторы",
        "w.title_qc": "Проверка ОТК: {serial}",
        "w.title_recall": "Отзыв партии",
        "w.title_register": "Регистрация БПЛА",
        "w.title_signin": "Вход",
        "w.title_stock": "Склад",
        "w.warning": "Предупреждение: {text}.",
        "w.qc_needs_defect": "Проверка не пройдена ({items}): укажите ниже хотя бы один код дефекта.",
    ]
}
