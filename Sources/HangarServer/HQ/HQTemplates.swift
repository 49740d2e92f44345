/// The headquarters' page templates (inside the same layout as the workshop's pages).
enum HQTemplates {
    static let all: [(String, String)] = [("hqdashboard", dashboard), ("hqworkshops", workshops)]

    static let dashboard = """
        <style>{{{chartCSS}}} tr.incomplete td { background: #fff4d6; }</style>
        <h1>{{t.hq_title}}{{#workshop}}: {{workshop}}{{/workshop}}</h1>
        <p class="note">{{t.hq_read_only}}</p>
        {{#empty}}<p class="flash warning" role="status">{{t.hq_no_workshops}}</p>{{/empty}}
        {{#behind}}<p class="flash warning" role="status" id="behind">{{t.hq_replaying_behind}}</p>{{/behind}}
        <form method="get" action="/dashboard" class="filters">
        <label>{{t.hq_workshop}} <select name="workshop"><option value="">{{t.hq_all_workshops}}</option>{{#choices}}<option value="{{code}}"{{#selected}} selected="selected"{{/selected}}>{{code}}</option>{{/choices}}</select></label>
        <label>{{t.p_from}} <input type="date" name="from" value="{{from}}"/></label>
        <label>{{t.p_to_exclusive}} <input type="date" name="to" value="{{to}}"/></label>
        <label>{{t.p_every}} <select name="every"><option value="week"{{#weekly}} selected="selected"{{/weekly}}>{{t.p_week}}</option><option value="month"{{#monthly}} selected="selected"{{/monthly}}>{{t.p_month}}</option></select></label>
        <label>{{t.p_forecast_target}} <input type="number" name="target" min="1" value="{{target}}"/></label>
        <label>{{t.p_forecast_total_target}} <input type="number" name="target_total" min="1" value="{{targetTotal}}"/></label>
        <button type="submit">{{t.p_show}}</button>
        </form>
        <p class="note">{{#national}}{{t.hq_national_zone}}{{/national}}{{^national}}{{t.hq_own_zone}}{{/national}}.</p>
        <p>{{t.p_download}} <a href="{{csv}}">CSV</a> · <a href="{{json}}">JSON</a> · <a href="{{html}}">{{t.p_printable}}</a></p>
        <div class="cards">{{#headlines}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="note">{{note}}</div></div>{{/headlines}}</div>
        {{#forecast}}<p>{{t.p_forecast_for}} {{target}}: {{#p50}}{{t.p_by_date}} {{p50}} ({{t.p_conf50}}){{/p50}}{{#p85}}, {{t.p_by_date}} {{p85}} ({{t.p_conf85}}){{/p85}}. {{note}}</p>{{/forecast}}
        {{#national}}<h2>{{t.hq_by_workshop}}</h2>
        <table id="by-workshop"><thead><tr><th>{{t.hq_workshop}}</th><th>{{t.hq_delivered}}</th><th>{{t.hq_fpy}}</th><th>{{t.hq_available}}</th><th>{{t.hq_complete}}</th><th>{{t.hq_chain_verified}}</th><th>{{t.hq_refused}}</th></tr></thead>
        <tbody>{{#rows}}<tr{{#incomplete}} class="incomplete"{{/incomplete}}><td><a href="{{link}}">{{code}}</a></td><td>{{delivered}}</td><td>{{fpy}}</td><td>{{availability}}</td><td>{{complete}}</td><td>{{chain}}</td><td>{{refused}}</td></tr>{{/rows}}</tbody></table>
        <h2>{{t.hq_standards}}</h2>
        <table id="standards"><thead><tr><th>{{t.p_model}}</th><th></th><th>{{t.hq_workshop}}</th><th>{{t.hq_checklist_version}}</th><th>{{t.hq_bom_version}}</th><th>{{t.hq_airframes}}</th></tr></thead>
        <tbody>{{#standards}}{{#workshops}}<tr><td>{{model}}</td><td>{{verdict}}</td><td>{{code}}</td><td>{{checklist}}</td><td>{{bom}}</td><td>{{airframes}}</td></tr>{{/workshops}}{{/standards}}</tbody></table>{{/national}}
        {{#charts}}{{> chart}}{{/charts}}
        <h2>{{t.p_wip}}</h2>
        <table><tbody><tr>{{#wip}}<th>{{state}}</th>{{/wip}}</tr><tr>{{#wip}}<td>{{count}}</td>{{/wip}}</tr></tbody></table>
        <h2>{{t.p_held_by_unit}}</h2>
        <table id="held-by-unit"><thead><tr><th>{{t.p_unit}}</th><th>{{t.p_held_col}}</th><th>{{t.p_available_col}}</th></tr></thead><tbody>{{#units}}<tr><td>{{unit}}</td><td>{{held}}</td><td>{{available}}</td></tr>{{/units}}</tbody></table>
        <p>{{t.p_due_for_service_h}}: {{dueCount}}</p>
        """

    static let workshops = """
        <h1>{{t.hq_workshops}}</h1>
        {{#empty}}<p class="flash warning" role="status">{{t.hq_no_workshops}}</p>{{/empty}}
        <table id="workshops"><thead><tr><th>{{t.hq_workshop}}</th><th>{{t.hq_events}}</th><th>{{t.hq_last_seq}}</th><th>{{t.hq_last_recorded}}</th><th>{{t.hq_chain_verified}}</th><th>{{t.hq_complete}}</th></tr></thead>
        <tbody>{{#rows}}<tr{{#incomplete}} class="incomplete"{{/incomplete}}><td><a href="/dashboard?workshop={{code}}">{{code}}</a></td><td>{{events}}</td><td>{{lastSeq}}</td><td>{{lastRecorded}}</td><td>{{chain}}</td><td>{{complete}}</td></tr>{{/rows}}</tbody></table>
        <h2>{{t.hq_conflicts}}</h2>
        {{#nothing}}<p>{{t.hq_nothing_listed}}</p>{{/nothing}}
        {{^nothing}}<table id="listed"><thead><tr><th>{{t.hq_item}}</th><th>{{t.hq_what}}</th><th></th><th>{{t.hq_reviewed}}</th></tr></thead>
        <tbody>{{#items}}<tr><td>{{kind}}</td><td>{{what}}</td><td><code>{{key}}</code></td><td>{{reviewed}}</td></tr>{{/items}}</tbody></table><p>{{more}}</p>{{/nothing}}
        """
}
