extension PageTemplates {
    /// The setup page (admins): staff, units, models. Text comes from the catalogue (`wa_*`).
    static let admin = """
        <h1>{{t.wa_title}}</h1>
        <h2>{{t.wa_staff}}</h2>
        <table><thead><tr><th>{{t.wa_id}}</th><th>{{t.wa_name}}</th><th>{{t.wa_roles}}</th><th>{{t.wa_language}}</th><th>{{t.wa_change}}</th></tr></thead>
        <tbody>{{#staff}}<tr><td>{{id}}</td><td>{{name}}</td><td>{{roles}}</td><td>{{lang}}</td><td>
        <form method="post" action="/admin/staff_update" class="filters"><input type="hidden" name="csrf" value="{{csrf}}"/><input type="hidden" name="subject" value="{{id}}"/>
        {{#roleChoices}}<label><input type="checkbox" name="role" value="{{role}}"{{#held}} checked="checked"{{/held}}/> {{label}}</label>{{/roleChoices}}
        <select name="lang"><option value="">{{t.wa_lang_keep}}</option>{{#languages}}<option value="{{code}}">{{name}}</option>{{/languages}}</select>
        <button type="submit" class="secondary">{{t.wa_save}}</button></form></td></tr>
        {{/staff}}</tbody></table>
        <form method="post" action="/admin/staff_add" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>{{t.wa_id}} <input name="subject" required="required" autocomplete="off"/></label>
        <label>{{t.wa_name}} <input name="name" required="required"/></label>
        {{#roleNames}}<label><input type="checkbox" name="role" value="{{role}}"/> {{label}}</label>{{/roleNames}}
        <label>{{t.wa_language}} <select name="lang"><option value="">{{t.wa_lang_browser}}</option>{{#languages}}<option value="{{code}}">{{name}}</option>{{/languages}}</select></label>
        <button type="submit">{{t.wa_add_staff}}</button>
        </form>
        <p class="note">{{t.wa_password_note}}</p>
        <h2>{{t.wa_units}}</h2>
        <p>{{#units}}<span class="state">{{name}}</span> {{/units}}</p>
        <form method="post" action="/admin/unit_add" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>{{t.wa_unit}} <input name="subject" required="required"/></label>
        <button type="submit">{{t.wa_add_unit}}</button>
        </form>
        <h2>{{t.wa_models}}</h2>
        {{#models}}<h3>{{name}} · {{t.wa_checklist}} v{{version}}{{#service}} · {{service}}{{/service}}</h3>
        <table><tbody>{{#items}}<tr><td>{{key}}</td><td>{{limits}}</td><td>{{description}}</td><td>
        <form method="post" action="/admin/model_item_remove" class="filters"><input type="hidden" name="csrf" value="{{csrf}}"/>
        <input type="hidden" name="subject" value="{{model}}"/><input type="hidden" name="key" value="{{key}}"/>
        <label><input type="checkbox" name="confirm" value="yes" required="required"/> {{t.wa_confirm_remove}}</label>
        <button type="submit" class="danger">{{t.wa_remove_item}}</button></form></td></tr>{{/items}}</tbody></table>
        <form method="post" action="/admin/model_item" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/><input type="hidden" name="subject" value="{{name}}"/>
        <label>{{t.wa_item_key}} <input name="key" required="required" autocomplete="off"/></label>
        <label>{{t.wa_item_kind}} <select name="kind"><option value="check">check</option><option value="measure">measure</option></select></label>
        <label>{{t.wa_item_unit}} <input name="unit" size="4"/></label>
        <label>{{t.wa_item_min}} <input name="min" inputmode="decimal" size="6"/></label>
        <label>{{t.wa_item_max}} <input name="max" inputmode="decimal" size="6"/></label>
        <label>{{t.wa_item_description}} <input name="description" size="30"/></label>
        <button type="submit" class="secondary">{{t.wa_item_save}}</button>
        </form>
        <form method="post" action="/admin/model_codes" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/><input type="hidden" name="subject" value="{{name}}"/>
        <label>{{t.wa_defect_codes}} <input name="defect_codes" value="{{codes}}" size="60"/></label>
        <button type="submit" class="secondary">{{t.wa_save}}</button>
        </form>{{/models}}
        <p class="note">{{t.wa_checklist_note}}</p>
        <form method="post" action="/admin/model_add" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>{{t.wa_model}} <input name="subject" required="required"/></label>
        <label>{{t.wa_checks}} <input name="checks" placeholder="motor_runup gps_lock"/></label>
        <label>{{t.wa_measures}} <textarea name="measures" rows="2" placeholder="hover_current_a:A:8:14"></textarea></label>
        <label>{{t.wa_service_minutes}} <input name="service_minutes" type="number" min="1"/></label>
        <label>{{t.wa_service_days}} <input name="service_days" type="number" min="1"/></label>
        <label>{{t.wa_defect_codes}} <input name="defect_codes"/></label>
        <button type="submit">{{t.wa_add_model}}</button>
        </form>
        """
}
