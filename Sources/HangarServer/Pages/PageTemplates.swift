/// The page templates. `{{x}}` is escaped; `{{{x}}}` only ever carries markup made by Hangar.
enum PageTemplates {
    static let all: [(String, String)] = [
        ("layout", layout), ("message", message), ("signin", signin), ("airframes", airframes), ("register", register),
        ("airframe", airframe), ("qc", qc), ("verdict", verdict), ("operators", operators), ("operator", operatorPage),
        ("dashboard", dashboard), ("stock", stock), ("part", part), ("component", component), ("recall", recall), ("admin", admin),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{{title}} · Hangar</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1d2329; font-size: 17px; }
        nav { background: #1d2329; color: #fff; padding: 8px 12px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
        nav a { color: #fff; text-decoration: none; font-weight: bold; padding: 12px 6px; display: inline-block; min-height: 44px; box-sizing: border-box; }
        nav .who { margin-left: auto; color: #c9d1d9; font-size: 14px; }
        nav form { margin: 0; }
        main { padding: 12px 16px; max-width: 1100px; margin: 0 auto; }
        h1 { font-size: 24px; margin: 8px 0; }
        h2 { font-size: 19px; margin: 18px 0 6px; border-bottom: 1px solid #c9d1d9; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid #e1e4e8; vertical-align: top; }
        input, select, button { font-size: 17px; padding: 8px 10px; margin: 2px 0; min-height: 44px; box-sizing: border-box; max-width: 100%; }
        input[type=radio], input[type=checkbox] { width: 28px; height: 28px; min-height: 0; margin: 8px; vertical-align: middle; }
        label:has(input[type=radio]), label:has(input[type=checkbox]) { display: inline-flex; align-items: center; min-height: 44px; }
        .langs { margin: 0 0 4px; text-align: right; font-size: 15px; }
        .pager a { display: inline-block; padding: 12px 16px; min-height: 44px; box-sizing: border-box; }
        .langs a, .langs strong { display: inline-block; padding: 12px 8px; min-height: 44px; box-sizing: border-box; }
        td a, .state, h1 { white-space: nowrap; }
        h1 { white-space: normal; } h1 .state { white-space: nowrap; }
        textarea { font-size: 17px; max-width: 100%; box-sizing: border-box; }
        svg { max-width: 100%; }
        @media (max-width: 900px) { table { display: block; overflow-x: auto; } main { padding: 8px 10px; } }
        button { background: #2f6f9f; color: #fff; border: 0; border-radius: 4px; min-height: 44px; cursor: pointer; }
        button.secondary { background: #57606a; }
        button.danger { background: #b5472f; }
        .flash { padding: 10px 12px; border-radius: 4px; }
        .flash.error { background: #fbe3e0; border: 1px solid #b5472f; }
        .flash.ok { background: #e3f4e6; border: 1px solid #2e8540; }
        .flash.warning { background: #fff4d6; border: 1px solid #d4860b; }
        .state { font-weight: bold; padding: 2px 8px; border-radius: 10px; background: #e1e4e8; }
        .due { color: #b5472f; font-weight: bold; }
        .undone { text-decoration: line-through; color: #8c959f; }
        .actions { display: flex; flex-wrap: wrap; gap: 10px; }
        .actions form { border: 1px solid #c9d1d9; border-radius: 6px; padding: 8px; display: flex; flex-direction: column; gap: 4px; }
        .pass { color: #2e8540; font-weight: bold; } .fail { color: #b5472f; font-weight: bold; }
        .filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
        .filters label { display: flex; flex-direction: column; font-size: 14px; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; }
        .card { border: 1px solid #c9d1d9; border-radius: 6px; padding: 6px 10px; min-width: 150px; }
        .card .label, .card .note { color: #57606a; font-size: 13px; } .card .value { font-size: 22px; font-weight: bold; }
        figure.chart { margin: 10px 0; } figcaption { font-weight: bold; } .chart-svg { width: 100%; height: auto; }
        .legend, .note { font-size: 13px; color: #57606a; } .key { margin-right: 8px; white-space: nowrap; }
        </style>
        </head>
        <body>
        {{#user}}<nav>{{#hq}}<a href="/dashboard">{{t.hq_title}}</a><a href="/workshops">{{t.hq_workshops}}</a>{{/hq}}{{^hq}}<a href="/dashboard">{{t.p_dashboard}}</a><a href="/airframes">{{t.p_airframes}}</a><a href="/operators">{{t.p_operators}}</a><a href="/stock">{{t.p_stock}}</a><a href="/recall">{{t.p_recall}}</a>{{#admin}}<a href="/admin">{{t.wa_nav}}</a>{{/admin}}{{/hq}}
        <span class="who">{{name}} · {{roles}}</span>
        <form method="post" action="/signout"><input type="hidden" name="csrf" value="{{csrf}}"/><button class="secondary" type="submit">{{t.p_sign_out}}</button></form></nav>{{/user}}
        <main>
        <p class="langs">{{#langs}}{{#current}}<strong>{{name}}</strong>{{/current}}{{^current}}<a href="/lang/{{code}}?back={{back}}" hreflang="{{code}}">{{name}}</a>{{/current}} {{/langs}}</p>
        {{#flash}}<p class="flash {{kind}}" role="alert">{{text}}</p>{{/flash}}
        {{{content}}}
        </main>
        </body>
        </html>

        """

    static let message = """
        <h1>{{title}}</h1>
        <p>{{message}}</p>
        <p><a href="/dashboard">{{t.p_back_dashboard}}</a></p>
        """

    static let signin = """
        <h1>{{t.p_signin_title}}</h1>
        <form method="post" action="/signin" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <input type="hidden" name="next" value="{{next}}"/>
        <label>{{t.p_staff_id}} <input name="staff" value="{{staff}}" autocomplete="username" autofocus="autofocus" required="required"/></label>
        <label>{{t.p_password}} <input name="password" type="password" autocomplete="current-password" required="required"/></label>
        <button type="submit">{{t.p_sign_in}}</button>
        </form>
        """

    static let airframes = """
        <h1>{{t.p_airframes}}</h1>
        <form method="get" action="/airframes" class="filters">
        <label>{{t.p_serial_scan}} <input name="q" value="{{q}}" autofocus="autofocus"/></label>
        <label>{{t.p_state}} <select name="state"><option value="">{{t.p_any}}</option>{{#states}}<option value="{{name}}"{{#selected}} selected="selected"{{/selected}}>{{label}}</option>{{/states}}</select></label>
        <label>{{t.p_model}} <select name="model"><option value="">{{t.p_any}}</option>{{#models}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/models}}</select></label>
        <label>{{t.p_unit}} <select name="unit"><option value="">{{t.p_any}}</option>{{#units}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/units}}</select></label>
        <label>{{t.p_due_filter}} <input type="checkbox" name="due"{{#due}} checked="checked"{{/due}}/></label>
        <label>{{t.p_gone_too}} <input type="checkbox" name="gone" value="on"{{#gone}} checked="checked"{{/gone}}/></label>
        <button type="submit">{{t.p_find}}</button>
        </form>
        {{#canRegister}}<p><a href="/airframes/new">{{t.p_register_airframe}}</a></p>{{/canRegister}}
        <p>{{count}} {{t.p_airframes_count}}{{#paged}} · {{t.p_page}} {{page}} / {{pages}}{{/paged}}</p>
        <table><thead><tr><th>{{t.p_serial}}</th><th>{{t.p_model}}</th><th>{{t.p_state}}</th><th>{{t.p_unit}}</th><th>{{t.p_flight_min}}</th><th>{{t.p_service}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{model}}</td><td>{{state}}</td><td>{{unit}}</td><td>{{minutes}}</td><td>{{#due}}<span class="due">{{t.p_due}}</span>{{/due}}</td></tr>
        {{/rows}}</tbody></table>
        {{#paged}}<p class="pager">{{#prev}}<a href="{{prev}}" rel="prev">{{t.p_prev_page}}</a>{{/prev}} {{#next}}<a href="{{next}}" rel="next">{{t.p_next_page}}</a>{{/next}}</p>{{/paged}}
        """

    static let register = """
        <h1>{{t.p_register_title}}</h1>
        <form method="post" action="/airframes" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>{{t.p_serial}} <input name="serial" value="{{serial}}" autofocus="autofocus" required="required"/></label>
        <label>{{t.p_model}} <select name="model">{{#models}}<option>{{.}}</option>{{/models}}</select></label>
        <label>{{t.p_batch}} <input name="batch" value="{{batch}}"/></label>
        <label>{{t.p_note}} <input name="note"/></label>
        <button type="submit">{{t.p_register}}</button>
        </form>
        """

    static let airframe = """
        <h1>{{serial}} <span class="state">{{state}}</span></h1>
        <table>
        <tr><th>{{t.p_model}}</th><td>{{model}}{{#batch}} · {{t.p_batch_lc}} {{batch}}{{/batch}}</td></tr>
        <tr><th>{{t.p_in_state_since}}</th><td>{{since}}</td></tr>
        <tr><th>{{t.p_unit}}</th><td>{{unit}}</td></tr>
        <tr><th>{{t.p_flight_minutes}}</th><td>{{minutes}}{{t.p_in_all_sfx}}, {{sinceService}}{{t.p_since_service_sfx}}{{#service}} ({{t.p_service_lc}} {{service}}){{/service}}</td></tr>
        <tr><th>{{t.p_service}}</th><td>{{#due}}<span class="due">{{t.p_due_for_service}}</span>{{#reasons}} ({{reasons}}){{/reasons}}{{/due}}{{^due}}{{t.p_not_due}}{{/due}}</td></tr>
        <tr><th>{{t.p_qc_runs}}</th><td>{{attempts}}</td></tr>
        </table>
        <h2>{{t.p_installed}}</h2>
        {{^hasInstalled}}<p>{{t.p_nothing_installed}}</p>{{/hasInstalled}}
        {{#hasInstalled}}<table><thead><tr><th>{{t.p_part}}</th><th>{{t.p_piece_or_lot}}</th><th>{{t.p_qty}}</th><th>{{t.p_position}}</th><th>{{t.p_flight_minutes}}</th></tr></thead>
        <tbody>{{#installed}}<tr><td>{{part}}</td><td>{{#component}}<a href="/components/{{component}}">{{component}}</a>{{/component}}{{^component}}{{t.p_lot_lc}} {{lot}}{{/component}}{{#offBOM}} ({{t.p_off_bom}}){{/offBOM}}</td><td>{{qty}}</td><td>{{position}}</td><td>{{minutes}}</td></tr>
        {{/installed}}</tbody></table>{{/hasInstalled}}
        <h2>{{t.p_actions}}</h2>
        {{#noActions}}<p>{{t.p_no_actions}}</p>{{/noActions}}
        <div class="actions">
        {{#actions}}{{#qc}}<form method="get" action="/airframes/{{path}}/qc"><button type="submit">{{t.p_record_qc}}</button></form>{{/qc}}{{^qc}}<form method="post" action="/airframes/{{path}}/events/{{kind}}">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        {{#needsUnit}}<select name="unit">{{#units}}<option>{{.}}</option>{{/units}}</select>{{/needsUnit}}
        {{#needsFlight}}<input name="minutes" type="number" min="1" max="1440" placeholder="{{t.p_ph_minutes}}" required="required"/>
        <select name="purpose">{{#purposes}}<option value="{{value}}">{{label}}</option>{{/purposes}}</select>
        <select name="operator"><option value="">{{t.p_no_operator}}</option>{{#operators}}<option value="{{id}}">{{name}} ({{state}})</option>{{/operators}}</select>{{/needsFlight}}
        {{#maintenanceReasons.0}}<select name="reason">{{#maintenanceReasons}}<option value="{{value}}">{{label}}</option>{{/maintenanceReasons}}</select>{{/maintenanceReasons.0}}
        {{#needsPart}}<input name="part" placeholder="{{t.p_ph_part}}" required="required"/>{{/needsPart}}
        {{#needsInstall}}<select name="part">{{#parts}}<option>{{.}}</option>{{/parts}}</select>
        <input name="component" placeholder="{{t.p_ph_component_scan}}" autocomplete="off"/>
        <input name="lot" placeholder="{{t.p_ph_or_lot}}"/><input name="qty" type="number" min="1" placeholder="{{t.p_ph_lot_qty}}"/>
        <input name="position" placeholder="{{t.p_ph_position}}"/><input name="off_bom" placeholder="{{t.p_ph_off_bom_reason}}"/>{{/needsInstall}}
        {{#needsRemove}}<select name="part">{{#installedParts}}<option>{{.}}</option>{{/installedParts}}</select>
        <input name="component" placeholder="{{t.p_ph_component}}" list="installed-{{path}}" autocomplete="off"/>
        <datalist id="installed-{{path}}">{{#installedSerials}}<option value="{{.}}"></option>{{/installedSerials}}</datalist>
        <input name="lot" placeholder="{{t.p_ph_or_lot}}"/><input name="qty" type="number" min="1" placeholder="{{t.p_ph_lot_qty}}"/>
        <select name="disposition">{{#dispositions}}<option value="{{value}}">{{label}}</option>{{/dispositions}}</select>
        <input name="reason" placeholder="{{t.p_ph_reason}}" required="required"/>{{/needsRemove}}
        {{#needsFlight}}<input name="batteries" placeholder="{{t.p_ph_batteries}}" autocomplete="off"/>{{/needsFlight}}
        {{#needsWork}}<input name="work" placeholder="{{t.p_ph_work}}"/>{{/needsWork}}
        {{#needsReason}}<input name="reason" placeholder="{{t.p_ph_reason}}" required="required"/>{{/needsReason}}
        {{#danger}}<label><input type="checkbox" name="confirm" value="on" required="required"/> {{t.p_confirm_danger}}</label>{{/danger}}
        <button type="submit"{{#danger}} class="danger"{{/danger}}>{{label}}</button>
        </form>{{/qc}}
        {{/actions}}
        </div>
        <h2>{{t.p_history}}</h2>
        <table><thead><tr><th>#</th><th>{{t.p_when_utc}}</th><th>{{t.p_event}}</th><th>{{t.p_by}}</th><th>{{t.p_state}}</th><th>{{t.p_details}}</th></tr></thead>
        <tbody>{{#timeline}}<tr{{#undone}} class="undone"{{/undone}}><td>{{seq}}</td><td>{{at}}</td><td>{{kind}}{{#undone}} ({{t.p_undone}}){{/undone}}</td><td>{{by}}</td><td>{{change}}</td><td>{{details}}</td></tr>
        {{/timeline}}</tbody></table>
        {{#hasEarlier}}<p>{{t.p_earlier_not_shown}} {{earlier}}. <a href="{{earlierPath}}">{{t.p_page_before}}</a></p>{{/hasEarlier}}
        """

    static let stock = """
        <h1>{{t.p_stock}}</h1>
        <form method="get" action="/stock" class="filters">
        <label><span><input type="checkbox" name="low" value="on"{{#low}} checked="checked"{{/low}}/> {{t.p_only_reorder}} ({{lowCount}})</span></label>
        <button type="submit">{{t.p_show}}</button>
        </form>
        <table><thead><tr><th>{{t.p_part}}</th><th>{{t.p_part_name}}</th><th>{{t.p_tracking}}</th><th>{{t.p_on_hand}}</th><th>{{t.p_quarantined}}</th><th>{{t.p_reorder_at}}</th><th>{{t.p_use_per_week}}</th><th>{{t.p_weeks_cover}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/parts/{{path}}">{{part}}</a></td><td>{{name}}</td><td>{{tracking}}, {{kind}}</td><td>{{onHand}}{{#isLow}} <span class="due">{{t.p_reorder_flag}}</span>{{/isLow}}</td><td>{{quarantined}}</td><td>{{reorderAt}}</td><td>{{use}}</td><td>{{cover}}</td></tr>
        {{/rows}}</tbody></table>
        <p class="note">{{t.p_use_note}} {{weeks}}{{t.p_use_note_sfx}}</p>
        """

    static let part = """
        <h1>{{part}} <span class="state">{{tracking}}</span></h1>
        <table>
        <tr><th>{{t.p_part_name}}</th><td>{{name}} ({{kind}})</td></tr>
        <tr><th>{{t.p_cost}}</th><td>{{cost}} ({{t.p_minor_units}})</td></tr>
        <tr><th>{{t.p_default_origin}}</th><td>{{origin}}</td></tr>
        <tr><th>{{t.p_life}}</th><td>{{life}}</td></tr>
        <tr><th>{{t.p_on_hand}}</th><td>{{onHand}}{{#isLow}} <span class="due">{{t.p_at_or_below}} {{reorderAt}}</span>{{/isLow}}; {{quarantined}} {{t.p_quarantined_lc}}; {{cover}}{{t.p_weeks_cover_sfx}}</td></tr>
        </table>
        <h2>{{t.p_lots}}</h2>
        <table><thead><tr><th>{{t.p_lot}}</th><th>{{t.p_received_utc}}</th><th>{{t.p_origin}}</th><th>{{t.p_cost}}</th><th>{{t.p_on_hand}}</th><th></th></tr></thead>
        <tbody>{{#lots}}<tr><td>{{lot}}</td><td>{{received}}</td><td>{{origin}}</td><td>{{cost}}</td><td>{{onHand}}</td><td><a href="{{recall}}">{{t.p_which_airframes}}</a></td></tr>
        {{/lots}}</tbody></table>
        <div class="actions">
        {{#canReceive}}<form method="post" action="/parts/{{path}}/events/stock_receive">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <strong>{{t.p_receive_title}}</strong>
        <input name="qty" type="number" min="1" placeholder="{{t.p_ph_quantity}}" required="required"/>
        <input name="lot" placeholder="{{t.p_ph_lot}}{{^serial}} {{t.p_required}}{{/serial}}"/>
        {{#serial}}<textarea name="serials" rows="3" placeholder="{{t.p_ph_serials}}"></textarea>{{/serial}}
        <input name="origin" placeholder="{{t.p_ph_origin}}"/>
        <input name="cost" type="number" min="0" placeholder="{{t.p_ph_cost}}"/>
        <input name="supplier" placeholder="{{t.p_ph_supplier}}"/>
        <input name="doc" placeholder="{{t.p_ph_doc}}"/>
        <button type="submit">{{t.p_receive}}</button>
        </form>{{/canReceive}}
        {{#canAdjust}}<form method="post" action="/parts/{{path}}/events/stock_adjust">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <strong>{{t.p_adjust_title}}</strong>
        {{#serial}}<input name="serial" placeholder="{{t.p_ph_piece_serial}}" required="required"/>
        <select name="status">{{#statuses}}<option value="{{value}}">{{label}}</option>{{/statuses}}</select>{{/serial}}
        {{^serial}}<input name="lot" placeholder="{{t.p_ph_lot}}" required="required"/>
        <input name="qty_delta" type="number" placeholder="{{t.p_ph_change}}" required="required"/>{{/serial}}
        <input name="reason" placeholder="{{t.p_ph_reason}}" required="required"/>
        <button type="submit">{{t.p_adjust}}</button>
        </form>
        <form method="post" action="/parts/{{path}}/events/undo">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <strong>{{t.p_undo_stock_title}}</strong>
        <input name="reason" placeholder="{{t.p_ph_reason}}" required="required"/>
        <button type="submit" class="danger">{{t.p_undo}}</button>
        </form>{{/canAdjust}}
        </div>
        """

    static let component = """
        <h1>{{serial}} <span class="state">{{status}}</span></h1>
        <table>
        <tr><th>{{t.p_part}}</th><td><a href="/parts/{{partPath}}">{{part}}</a> {{name}}</td></tr>
        <tr><th>{{t.p_where}}</th><td>{{#airframe}}{{t.p_in_airframe}} <a href="/airframes/{{airframePath}}">{{airframe}}</a>{{#position}}{{t.p_at_sfx}} {{position}}{{/position}}{{#offBOM}} ({{t.p_off_the_bom}}){{/offBOM}}{{/airframe}}{{^airframe}}{{status}}{{/airframe}}</td></tr>
        <tr><th>{{t.p_flight_minutes}}</th><td>{{minutes}}{{#lifeMinutes}} {{t.p_of_a}} {{lifeMinutes}}{{t.p_minute_life_sfx}}{{/lifeMinutes}}</td></tr>
        {{#battery}}<tr><th>{{t.p_cycles}}</th><td>{{cycles}}{{#lifeCycles}} {{t.p_of}} {{lifeCycles}}{{/lifeCycles}}</td></tr>
        <tr><th>{{t.p_health}}</th><td>{{health}}</td></tr>{{/battery}}
        <tr><th>{{t.p_received}}</th><td>{{received}}{{#lot}}, {{t.p_lot_lc}} {{lot}}{{/lot}}, {{t.p_origin_lc}} {{origin}}, {{t.p_cost_lc}} {{cost}}</td></tr>
        </table>
        <h2>{{t.p_airframes_been_in}}</h2>
        <table><thead><tr><th>{{t.p_airframe}}</th><th>{{t.p_installed_utc}}</th><th>{{t.p_removed}}</th><th>{{t.p_minutes_there}}</th></tr></thead>
        <tbody>{{#intervals}}<tr><td><a href="/airframes/{{path}}">{{airframe}}</a></td><td>{{installed}}</td><td>{{removed}}</td><td>{{minutes}}</td></tr>
        {{/intervals}}</tbody></table>
        """

    static let recall = """
        <h1>{{t.p_recall}}</h1>
        <p>{{t.p_recall_intro}}</p>
        <form method="get" action="/recall" class="filters">
        <label>{{t.p_part}} <select name="part">{{#parts}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/parts}}</select></label>
        <label>{{t.p_lot}} <input name="lot" value="{{lot}}"/></label>
        <label>{{t.p_or_component}} <input name="component" value="{{component}}" placeholder="{{t.p_ph_scan_serial}}"/></label>
        <label><span><input type="checkbox" name="ever" value="on"{{#ever}} checked="checked"{{/ever}}/> {{t.p_also_where_it_was}}</span></label>
        <button type="submit">{{t.p_find}}</button>
        </form>
        {{#asked}}<p>{{airframes}} {{t.p_airframe_s}}.</p>
        <table><thead><tr><th>{{t.p_airframe}}</th><th>{{t.p_state}}</th><th>{{t.p_unit}}</th><th>{{t.p_installed_utc}}</th><th>{{t.p_removed}}</th><th>{{t.p_held_now}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{state}}</td><td>{{unit}}</td><td>{{installed}}</td><td>{{removed}}</td><td>{{qty}}</td></tr>
        {{/rows}}</tbody></table>{{/asked}}
        """

    static let qc = """
        <h1>{{t.p_qc_of}} {{serial}}</h1>
        <p>{{model}}, {{t.p_checklist}} v{{version}}; {{t.p_attempt_lc}} {{attempt}}. {{t.p_outcome_computed}}</p>
        <form method="post" action="/airframes/{{path}}/qc">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <table><thead><tr><th>{{t.p_item}}</th><th>{{t.p_limits}}</th><th>{{t.p_result}}</th></tr></thead><tbody>
        {{#items}}<tr><td>{{key}}{{#description}}<br/><span class="note">{{description}}</span>{{/description}}</td><td>{{limits}}</td><td>{{#check}}<label><input type="radio" name="check.{{key}}" value="pass"{{#pass}} checked="checked"{{/pass}}/> {{t.p_pass}}</label>
        <label><input type="radio" name="check.{{key}}" value="fail"{{#fail}} checked="checked"{{/fail}}/> {{t.p_fail}}</label>{{/check}}{{^check}}<input name="measure.{{key}}" type="number" step="any" value="{{value}}"{{#min}} data-min="{{min}}"{{/min}}{{#max}} data-max="{{max}}"{{/max}}/> {{unit}}{{/check}}</td></tr>
        {{/items}}</tbody></table>
        {{#hasCatalogue}}<fieldset><legend>{{t.p_defect_codes}}</legend>{{#catalogue}}<label><input type="checkbox" name="defect" value="{{code}}"{{#checked}} checked="checked"{{/checked}}/> {{code}}</label> {{/catalogue}}</fieldset>{{/hasCatalogue}}
        {{^hasCatalogue}}<p><label>{{t.p_defect_codes}} <input name="defects" value="{{defects}}" placeholder="MOTOR_VIBRATION GPS_NO_FIX"/></label></p>{{/hasCatalogue}}
        <p><label>{{t.p_note}} <input name="note"/></label></p>
        <button type="submit">{{t.p_record_qc_run}}</button>
        </form>
        """

    static let verdict = """
        <h1>{{t.p_qc_of}} {{serial}}: {{#passed}}<span class="pass">{{t.p_pass_caps}}</span>{{/passed}}{{^passed}}<span class="fail">{{t.p_fail_caps}}</span>{{/passed}}</h1>
        <p>{{t.p_attempt}} {{attempt}} {{t.p_against_checklist}} v{{version}}. {{t.p_airframe_now}} <span class="state">{{to}}</span>.</p>
        <table><thead><tr><th>{{t.p_item}}</th><th>{{t.p_value}}</th><th>{{t.p_limits}}</th><th>{{t.p_verdict}}</th></tr></thead><tbody>
        {{#verdicts}}<tr><td>{{key}}</td><td>{{value}}</td><td>{{limits}}</td><td>{{#passed}}<span class="pass">{{t.p_ok}}</span>{{/passed}}{{^passed}}<span class="fail">{{t.p_fail}}</span> — {{why}}{{/passed}}</td></tr>
        {{/verdicts}}</tbody></table>
        {{#defects}}<p>{{t.p_defects}} {{defects}}</p>{{/defects}}
        <p><a href="/airframes/{{path}}">{{t.p_back_to}} {{serial}}</a></p>
        """

    static let operators = """
        <h1>{{t.p_operators}}</h1>
        <form method="get" action="/operators" class="filters">
        <label>{{t.p_state}} <select name="state"><option value="">{{t.p_any}}</option>{{#states}}<option value="{{name}}"{{#selected}} selected="selected"{{/selected}}>{{label}}</option>{{/states}}</select></label>
        <label>{{t.p_unit}} <select name="unit"><option value="">{{t.p_any}}</option>{{#units}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/units}}</select></label>
        <button type="submit">{{t.p_filter}}</button>
        </form>
        <table><thead><tr><th>{{t.p_id}}</th><th>{{t.p_person_name}}</th><th>{{t.p_unit}}</th><th>{{t.p_state}}</th><th>{{t.p_currency}}</th><th>{{t.p_minutes_90}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/operators/{{path}}">{{id}}</a></td><td>{{name}}</td><td>{{unit}}</td><td>{{state}}</td><td>{{current}}</td><td>{{minutes}}</td></tr>
        {{/rows}}</tbody></table>
        {{#canEnroll}}<h2>{{t.p_enroll_title}}</h2>
        <form method="post" action="/operators" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>{{t.p_id}} <input name="id" required="required"/></label>
        <label>{{t.p_person_name}} <input name="name" required="required"/></label>
        <label>{{t.p_unit}} <select name="unit">{{#units}}<option>{{name}}</option>{{/units}}</select></label>
        <button type="submit">{{t.p_enroll}}</button>
        </form>{{/canEnroll}}
        """

    static let operatorPage = """
        <h1>{{name}} <span class="state">{{state}}</span></h1>
        <table>
        <tr><th>{{t.p_id}}</th><td>{{id}}</td></tr>
        <tr><th>{{t.p_unit}}</th><td>{{unit}}</td></tr>
        <tr><th>{{t.p_flight_time_90}}</th><td>{{minutes}} ({{t.p_currency_rule}})</td></tr>
        <tr><th>{{t.p_flight_time_all}}</th><td>{{flightsTotal}}</td></tr>
        {{#qualified}}<tr><th>{{t.p_currency}}</th><td>{{#current}}{{t.p_current}}{{/current}}{{^current}}<span class="due">{{t.p_lapsed}}</span>{{/current}}</td></tr>{{/qualified}}
        </table>
        <h2>{{t.p_actions}}</h2>
        <div class="actions">{{#actions}}<form method="post" action="/operators/{{path}}/events/{{kind}}">
        <input type="hidden" name="csrf" value="{{csrf}}"/>{{#needsReason}}<input name="reason" placeholder="{{t.p_ph_reason_optional}}"/>{{/needsReason}}
        <button type="submit">{{label}}</button></form>{{/actions}}</div>
        <h2>{{t.p_flights}} ({{t.p_latest}} {{flightsShown}})</h2>
        <table><thead><tr><th>{{t.p_when_utc}}</th><th>{{t.p_airframe}}</th><th>{{t.p_time}}</th><th>{{t.p_purpose}}</th></tr></thead>
        <tbody>{{#flights}}<tr><td>{{at}}</td><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{minutes}}</td><td>{{purpose}}</td></tr>{{/flights}}</tbody></table>
        <h2>{{t.p_history}}</h2>
        <table><tbody>{{#history}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{by}}</td><td>{{change}}</td></tr>{{/history}}</tbody></table>
        """

    static let dashboard = """
        <style>{{{chartCSS}}}</style>
        <h1>{{t.p_dashboard}}</h1>
        <form method="get" action="/dashboard" class="filters">
        <label>{{t.p_from}} <input type="date" name="from" value="{{from}}"/></label>
        <label>{{t.p_to_exclusive}} <input type="date" name="to" value="{{to}}"/></label>
        <label>{{t.p_every}} <select name="every"><option value="week"{{#weekly}} selected="selected"{{/weekly}}>{{t.p_week}}</option><option value="month"{{#monthly}} selected="selected"{{/monthly}}>{{t.p_month}}</option></select></label>
        <label>{{t.p_forecast_target}} <input type="number" name="target" min="1" value="{{target}}"/></label>
        <label>{{t.p_forecast_total_target}} <input type="number" name="target_total" min="1" value="{{targetTotal}}"/></label>
        <button type="submit">{{t.p_show}}</button>
        </form>
        <p>{{t.p_download}} <a href="{{csv}}">CSV</a> · <a href="{{json}}">JSON</a> · <a href="{{html}}">{{t.p_printable}}</a></p>
        <div class="cards">{{#headlines}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="note">{{note}}</div></div>{{/headlines}}</div>
        {{#forecast}}<p>{{#more}}{{t.p_forecast_for}} {{target}} {{t.p_forecast_more}}{{/more}}{{#total}}{{totalText}}{{/total}} {{#p50}}{{t.p_by_date}} {{p50}} ({{t.p_conf50}}){{/p50}}{{#p85}}, {{t.p_by_date}} {{p85}} ({{t.p_conf85}}){{/p85}}. {{note}}</p>{{/forecast}}
        {{#charts}}{{> chart}}{{/charts}}
        <h2>{{t.p_latest_deliveries}}</h2>
        <table id="latest-deliveries"><thead><tr><th>{{t.p_serial}}</th><th>{{t.p_model}}</th><th>{{t.p_first_qc_pass}}</th><th>{{t.p_now}}</th></tr></thead>
        <tbody>{{#latest}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{model}}</td><td>{{at}}</td><td>{{state}}</td></tr>{{/latest}}</tbody></table>
        <h2>{{t.p_wip}}</h2>
        <table><tbody><tr>{{#wip}}<th>{{state}}</th>{{/wip}}</tr><tr>{{#wip}}<td>{{count}}</td>{{/wip}}</tr></tbody></table>
        <h2>{{t.p_oldest}}</h2>
        <table><tbody>{{#oldest}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{state}}</td><td>{{hours}}{{t.p_h_sfx}}</td></tr>{{/oldest}}</tbody></table>
        <h2>{{t.p_due_for_service_h}} ({{dueCount}})</h2>
        <p>{{#due}}<a href="/airframes/{{path}}">{{serial}}</a> {{/due}}{{#dueMore}}… {{t.p_and_more}} {{dueRest}}{{t.p_more_sfx}}: <a href="/airframes?due=on">{{t.p_all_due}}</a>{{/dueMore}}</p>
        <h2>{{t.p_held_by_unit}}</h2>
        <table id="held-by-unit"><thead><tr><th>{{t.p_unit}}</th><th>{{t.p_held_col}}</th><th>{{t.p_available_col}}</th></tr></thead><tbody>{{#units}}<tr><td>{{unit}}</td><td>{{held}}</td><td>{{available}}</td></tr>{{/units}}</tbody></table>
        <h2>{{t.rh_compliance}}</h2>
        <table id="compliance"><tbody>{{#compliance}}<tr><td>{{what}}</td><td>{{count}}</td><td>{{#airframes}}<a href="/airframes/{{path}}">{{serial}}</a> ×{{times}} {{/airframes}}{{more}}</td></tr>{{/compliance}}</tbody></table>
        <h2>{{t.p_operators_by_unit}}</h2>
        <table><thead><tr><th>{{t.p_unit}}</th><th>{{t.p_current_col}}</th><th>{{t.p_lapsed_col}}</th></tr></thead><tbody>{{#operators}}<tr><td>{{unit}}</td><td>{{current}}</td><td>{{lapsed}}</td></tr>{{/operators}}</tbody></table>
        {{#hasSupply}}<h2>{{t.p_supply}}</h2>
        <p>{{lowCount}}{{t.p_parts_low_sfx}}: {{#low}}<a href="/parts/{{path}}">{{part}}</a> {{onHand}}/{{reorderAt}} {{/low}}<a href="/stock?low=on">{{t.p_stock_lc}}</a></p>
        <p>{{lifeCount}}{{t.p_life_sfx}}; {{wornCount}}{{t.p_worn_sfx}}{{#worn}} <a href="/components/{{serial}}">{{serial}}</a>{{/worn}}.</p>{{/hasSupply}}
        """
}
