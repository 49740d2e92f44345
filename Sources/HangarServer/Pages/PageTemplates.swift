/// The page templates. `{{x}}` is escaped; `{{{x}}}` only ever carries markup made by Hangar.
enum PageTemplates {
    static let all: [(String, String)] = [
        ("layout", layout), ("message", message), ("signin", signin), ("airframes", airframes), ("register", register),
        ("airframe", airframe), ("qc", qc), ("verdict", verdict), ("operators", operators), ("operator", operatorPage),
        ("dashboard", dashboard), ("stock", stock), ("part", part), ("component", component), ("recall", recall),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{{title}} · Hangar</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1d2329; font-size: 17px; }
        nav { background: #1d2329; color: #fff; padding: 8px 12px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
        nav a { color: #fff; text-decoration: none; font-weight: bold; padding: 8px 4px; }
        nav .who { margin-left: auto; color: #c9d1d9; font-size: 14px; }
        nav form { margin: 0; }
        main { padding: 12px 16px; max-width: 1100px; margin: 0 auto; }
        h1 { font-size: 24px; margin: 8px 0; }
        h2 { font-size: 19px; margin: 18px 0 6px; border-bottom: 1px solid #c9d1d9; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid #e1e4e8; vertical-align: top; }
        input, select, button { font-size: 17px; padding: 8px 10px; margin: 2px 0; }
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
        {{#user}}<nav><a href="/dashboard">Dashboard</a><a href="/airframes">Airframes</a><a href="/operators">Operators</a><a href="/stock">Stock</a><a href="/recall">Recall</a>
        <span class="who">{{name}} · {{roles}}</span>
        <form method="post" action="/signout"><input type="hidden" name="csrf" value="{{csrf}}"/><button class="secondary" type="submit">Sign out</button></form></nav>{{/user}}
        <main>
        {{#flash}}<p class="flash {{kind}}" role="alert">{{text}}</p>{{/flash}}
        {{{content}}}
        </main>
        </body>
        </html>

        """

    static let message = """
        <h1>{{title}}</h1>
        <p>{{message}}</p>
        <p><a href="/dashboard">Back to the dashboard</a></p>
        """

    static let signin = """
        <h1>Sign in to Hangar</h1>
        <form method="post" action="/signin" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <input type="hidden" name="next" value="{{next}}"/>
        <label>Staff id <input name="staff" value="{{staff}}" autocomplete="username" autofocus="autofocus" required="required"/></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required="required"/></label>
        <button type="submit">Sign in</button>
        </form>
        """

    static let airframes = """
        <h1>Airframes</h1>
        <form method="get" action="/airframes" class="filters">
        <label>Serial (scan or type) <input name="q" value="{{q}}" autofocus="autofocus"/></label>
        <label>State <select name="state"><option value="">any</option>{{#states}}<option value="{{name}}"{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/states}}</select></label>
        <label>Model <select name="model"><option value="">any</option>{{#models}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/models}}</select></label>
        <label>Unit <select name="unit"><option value="">any</option>{{#units}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/units}}</select></label>
        <label>Due <input type="checkbox" name="due"{{#due}} checked="checked"{{/due}}/></label>
        <label>Lost and written off too <input type="checkbox" name="gone" value="on"{{#gone}} checked="checked"{{/gone}}/></label>
        <button type="submit">Find</button>
        </form>
        {{#canRegister}}<p><a href="/airframes/new">Register an airframe</a></p>{{/canRegister}}
        <p>{{count}} airframes{{#truncated}} (the first 500 shown){{/truncated}}</p>
        <table><thead><tr><th>Serial</th><th>Model</th><th>State</th><th>Unit</th><th>Flight min</th><th>Service</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{model}}</td><td>{{state}}</td><td>{{unit}}</td><td>{{minutes}}</td><td>{{#due}}<span class="due">due</span>{{/due}}</td></tr>
        {{/rows}}</tbody></table>
        """

    static let register = """
        <h1>Register an airframe</h1>
        <form method="post" action="/airframes" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>Serial <input name="serial" value="{{serial}}" autofocus="autofocus" required="required"/></label>
        <label>Model <select name="model">{{#models}}<option>{{.}}</option>{{/models}}</select></label>
        <label>Batch <input name="batch" value="{{batch}}"/></label>
        <label>Note <input name="note"/></label>
        <button type="submit">Register</button>
        </form>
        """

    static let airframe = """
        <h1>{{serial}} <span class="state">{{state}}</span></h1>
        <table>
        <tr><th>Model</th><td>{{model}}{{#batch}} · batch {{batch}}{{/batch}}</td></tr>
        <tr><th>In state since</th><td>{{since}}</td></tr>
        <tr><th>Unit</th><td>{{unit}}</td></tr>
        <tr><th>Flight minutes</th><td>{{minutes}} in all, {{sinceService}} since service{{#service}} (service {{service}}){{/service}}</td></tr>
        <tr><th>Service</th><td>{{#due}}<span class="due">due for service</span>{{#reasons}} ({{reasons}}){{/reasons}}{{/due}}{{^due}}not due{{/due}}</td></tr>
        <tr><th>QC runs</th><td>{{attempts}}</td></tr>
        </table>
        <h2>Installed</h2>
        {{^hasInstalled}}<p>Nothing recorded as installed.</p>{{/hasInstalled}}
        {{#hasInstalled}}<table><thead><tr><th>Part</th><th>Piece or lot</th><th>Qty</th><th>Position</th><th>Flight minutes</th></tr></thead>
        <tbody>{{#installed}}<tr><td>{{part}}</td><td>{{#component}}<a href="/components/{{component}}">{{component}}</a>{{/component}}{{^component}}lot {{lot}}{{/component}}{{#offBOM}} (off BOM){{/offBOM}}</td><td>{{qty}}</td><td>{{position}}</td><td>{{minutes}}</td></tr>
        {{/installed}}</tbody></table>{{/hasInstalled}}
        <h2>Actions</h2>
        {{#noActions}}<p>Nothing you may record from this state.</p>{{/noActions}}
        <div class="actions">
        {{#actions}}{{#qc}}<form method="get" action="/airframes/{{path}}/qc"><button type="submit">Record QC</button></form>{{/qc}}{{^qc}}<form method="post" action="/airframes/{{path}}/events/{{kind}}">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        {{#needsUnit}}<select name="unit">{{#units}}<option>{{.}}</option>{{/units}}</select>{{/needsUnit}}
        {{#needsFlight}}<input name="minutes" type="number" min="1" max="1440" placeholder="minutes" required="required"/>
        <select name="purpose">{{#purposes}}<option>{{.}}</option>{{/purposes}}</select>
        <select name="operator"><option value="">(no operator)</option>{{#operators}}<option value="{{id}}">{{name}} ({{state}})</option>{{/operators}}</select>{{/needsFlight}}
        {{#maintenanceReasons.0}}<select name="reason">{{#maintenanceReasons}}<option>{{.}}</option>{{/maintenanceReasons}}</select>{{/maintenanceReasons.0}}
        {{#needsPart}}<input name="part" placeholder="part" required="required"/>{{/needsPart}}
        {{#needsInstall}}<select name="part">{{#parts}}<option>{{.}}</option>{{/parts}}</select>
        <input name="component" placeholder="component serial (scan)" autocomplete="off"/>
        <input name="lot" placeholder="or lot"/><input name="qty" type="number" min="1" placeholder="qty of the lot"/>
        <input name="position" placeholder="position"/><input name="off_bom" placeholder="off-BOM reason (only if off the BOM)"/>{{/needsInstall}}
        {{#needsRemove}}<select name="part">{{#installedParts}}<option>{{.}}</option>{{/installedParts}}</select>
        <input name="component" placeholder="component serial" list="installed-{{path}}" autocomplete="off"/>
        <datalist id="installed-{{path}}">{{#installedSerials}}<option value="{{.}}"></option>{{/installedSerials}}</datalist>
        <input name="lot" placeholder="or lot"/><input name="qty" type="number" min="1" placeholder="qty of the lot"/>
        <select name="disposition">{{#dispositions}}<option>{{.}}</option>{{/dispositions}}</select>
        <input name="reason" placeholder="reason" required="required"/>{{/needsRemove}}
        {{#needsFlight}}<input name="batteries" placeholder="batteries (scan, optional)" autocomplete="off"/>{{/needsFlight}}
        {{#needsWork}}<input name="work" placeholder="work done"/>{{/needsWork}}
        {{#needsReason}}<input name="reason" placeholder="reason" required="required"/>{{/needsReason}}
        {{#danger}}<label><input type="checkbox" name="confirm" value="on" required="required"/> confirm: this cannot be clicked away</label>{{/danger}}
        <button type="submit"{{#danger}} class="danger"{{/danger}}>{{label}}</button>
        </form>{{/qc}}
        {{/actions}}
        </div>
        <h2>History</h2>
        <table><thead><tr><th>#</th><th>When (UTC)</th><th>Event</th><th>By</th><th>State</th><th>Details</th></tr></thead>
        <tbody>{{#timeline}}<tr{{#undone}} class="undone"{{/undone}}><td>{{seq}}</td><td>{{at}}</td><td>{{kind}}{{#undone}} (undone){{/undone}}</td><td>{{by}}</td><td>{{change}}</td><td>{{details}}</td></tr>
        {{/timeline}}</tbody></table>
        {{#hasEarlier}}<p>{{earlier}} earlier events are not shown. <a href="{{earlierPath}}">The page before</a></p>{{/hasEarlier}}
        """

    static let stock = """
        <h1>Stock</h1>
        <form method="get" action="/stock" class="filters">
        <label><span><input type="checkbox" name="low" value="on"{{#low}} checked="checked"{{/low}}/> only what to reorder ({{lowCount}})</span></label>
        <button type="submit">Show</button>
        </form>
        <table><thead><tr><th>Part</th><th>Name</th><th>Tracking</th><th>On hand</th><th>Quarantined</th><th>Reorder at</th><th>Use per week</th><th>Weeks of cover</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/parts/{{path}}">{{part}}</a></td><td>{{name}}</td><td>{{tracking}}, {{kind}}</td><td>{{onHand}}{{#isLow}} <span class="due">reorder</span>{{/isLow}}</td><td>{{quarantined}}</td><td>{{reorderAt}}</td><td>{{use}}</td><td>{{cover}}</td></tr>
        {{/rows}}</tbody></table>
        <p class="note">Use per week: installs minus removals back to stock over the last {{weeks}} weeks. Quarantined pieces are not on hand.</p>
        """

    static let part = """
        <h1>{{part}} <span class="state">{{tracking}}</span></h1>
        <table>
        <tr><th>Name</th><td>{{name}} ({{kind}})</td></tr>
        <tr><th>Cost</th><td>{{cost}} (minor units)</td></tr>
        <tr><th>Default origin</th><td>{{origin}}</td></tr>
        <tr><th>Life</th><td>{{life}}</td></tr>
        <tr><th>On hand</th><td>{{onHand}}{{#isLow}} <span class="due">at or below the reorder point {{reorderAt}}</span>{{/isLow}}; {{quarantined}} quarantined; {{cover}} weeks of cover</td></tr>
        </table>
        <h2>Lots</h2>
        <table><thead><tr><th>Lot</th><th>Received (UTC)</th><th>Origin</th><th>Cost</th><th>On hand</th><th></th></tr></thead>
        <tbody>{{#lots}}<tr><td>{{lot}}</td><td>{{received}}</td><td>{{origin}}</td><td>{{cost}}</td><td>{{onHand}}</td><td><a href="{{recall}}">which airframes</a></td></tr>
        {{/lots}}</tbody></table>
        <div class="actions">
        {{#canReceive}}<form method="post" action="/parts/{{path}}/events/stock_receive">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <strong>Receive</strong>
        <input name="qty" type="number" min="1" placeholder="quantity" required="required"/>
        <input name="lot" placeholder="lot{{^serial}} (required){{/serial}}"/>
        {{#serial}}<textarea name="serials" rows="3" placeholder="serials: scan or type, one per line"></textarea>{{/serial}}
        <input name="origin" placeholder="origin: KZ, CN… or unknown"/>
        <input name="cost" type="number" min="0" placeholder="cost per piece"/>
        <input name="supplier" placeholder="supplier"/>
        <input name="doc" placeholder="delivery note"/>
        <button type="submit">Receive</button>
        </form>{{/canReceive}}
        {{#canAdjust}}<form method="post" action="/parts/{{path}}/events/stock_adjust">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <strong>Adjust</strong>
        {{#serial}}<input name="serial" placeholder="piece serial" required="required"/>
        <select name="status">{{#statuses}}<option>{{.}}</option>{{/statuses}}</select>{{/serial}}
        {{^serial}}<input name="lot" placeholder="lot" required="required"/>
        <input name="qty_delta" type="number" placeholder="change, e.g. -2" required="required"/>{{/serial}}
        <input name="reason" placeholder="reason" required="required"/>
        <button type="submit">Adjust</button>
        </form>
        <form method="post" action="/parts/{{path}}/events/undo">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <strong>Undo the latest receipt or adjustment</strong>
        <input name="reason" placeholder="reason" required="required"/>
        <button type="submit" class="danger">Undo</button>
        </form>{{/canAdjust}}
        </div>
        """

    static let component = """
        <h1>{{serial}} <span class="state">{{status}}</span></h1>
        <table>
        <tr><th>Part</th><td><a href="/parts/{{partPath}}">{{part}}</a> {{name}}</td></tr>
        <tr><th>Where</th><td>{{#airframe}}in <a href="/airframes/{{airframePath}}">{{airframe}}</a>{{#position}} at {{position}}{{/position}}{{#offBOM}} (off the BOM){{/offBOM}}{{/airframe}}{{^airframe}}{{status}}{{/airframe}}</td></tr>
        <tr><th>Flight minutes</th><td>{{minutes}}{{#lifeMinutes}} of a {{lifeMinutes}}-minute life{{/lifeMinutes}}</td></tr>
        {{#battery}}<tr><th>Cycles</th><td>{{cycles}}{{#lifeCycles}} of {{lifeCycles}}{{/lifeCycles}}</td></tr>
        <tr><th>Health</th><td>{{health}}</td></tr>{{/battery}}
        <tr><th>Received</th><td>{{received}}{{#lot}}, lot {{lot}}{{/lot}}, origin {{origin}}, cost {{cost}}</td></tr>
        </table>
        <h2>Airframes it has been in</h2>
        <table><thead><tr><th>Airframe</th><th>Installed (UTC)</th><th>Removed</th><th>Minutes flown there</th></tr></thead>
        <tbody>{{#intervals}}<tr><td><a href="/airframes/{{path}}">{{airframe}}</a></td><td>{{installed}}</td><td>{{removed}}</td><td>{{minutes}}</td></tr>
        {{/intervals}}</tbody></table>
        """

    static let recall = """
        <h1>Recall</h1>
        <p>Which airframes carry a component, or pieces of a lot: lost and written-off ones included.</p>
        <form method="get" action="/recall" class="filters">
        <label>Part <select name="part">{{#parts}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/parts}}</select></label>
        <label>Lot <input name="lot" value="{{lot}}"/></label>
        <label>or component <input name="component" value="{{component}}" placeholder="scan a serial"/></label>
        <label><span><input type="checkbox" name="ever" value="on"{{#ever}} checked="checked"{{/ever}}/> also where it was</span></label>
        <button type="submit">Find</button>
        </form>
        {{#asked}}<p>{{airframes}} airframe(s).</p>
        <table><thead><tr><th>Airframe</th><th>State</th><th>Unit</th><th>Installed (UTC)</th><th>Removed</th><th>Held now</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{state}}</td><td>{{unit}}</td><td>{{installed}}</td><td>{{removed}}</td><td>{{qty}}</td></tr>
        {{/rows}}</tbody></table>{{/asked}}
        """

    static let qc = """
        <h1>QC of {{serial}}</h1>
        <p>{{model}}, checklist v{{version}}; attempt {{attempt}}. The outcome is computed: every item must be recorded.</p>
        <form method="post" action="/airframes/{{path}}/qc">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <table><thead><tr><th>Item</th><th>Limits</th><th>Result</th></tr></thead><tbody>
        {{#items}}<tr><td>{{key}}</td><td>{{limits}}</td><td>{{#check}}<label><input type="radio" name="check.{{key}}" value="pass"{{#pass}} checked="checked"{{/pass}}/> pass</label>
        <label><input type="radio" name="check.{{key}}" value="fail"{{#fail}} checked="checked"{{/fail}}/> fail</label>{{/check}}{{^check}}<input name="measure.{{key}}" type="number" step="any" value="{{value}}"{{#min}} data-min="{{min}}"{{/min}}{{#max}} data-max="{{max}}"{{/max}}/> {{unit}}{{/check}}</td></tr>
        {{/items}}</tbody></table>
        <p><label>Defect codes (needed when an item fails) <input name="defects" value="{{defects}}" placeholder="MOTOR_VIBRATION GPS_NO_FIX"/></label></p>
        <p><label>Note <input name="note"/></label></p>
        <button type="submit">Record QC run</button>
        </form>
        """

    static let verdict = """
        <h1>QC of {{serial}}: {{#passed}}<span class="pass">PASS</span>{{/passed}}{{^passed}}<span class="fail">FAIL</span>{{/passed}}</h1>
        <p>Attempt {{attempt}} against checklist v{{version}}. The airframe is now <span class="state">{{to}}</span>.</p>
        <table><thead><tr><th>Item</th><th>Value</th><th>Limits</th><th>Verdict</th></tr></thead><tbody>
        {{#verdicts}}<tr><td>{{key}}</td><td>{{value}}</td><td>{{limits}}</td><td>{{#passed}}<span class="pass">ok</span>{{/passed}}{{^passed}}<span class="fail">fail</span> — {{why}}{{/passed}}</td></tr>
        {{/verdicts}}</tbody></table>
        {{#defects}}<p>Defects: {{defects}}</p>{{/defects}}
        <p><a href="/airframes/{{path}}">Back to {{serial}}</a></p>
        """

    static let operators = """
        <h1>Operators</h1>
        <form method="get" action="/operators" class="filters">
        <label>State <select name="state"><option value="">any</option>{{#states}}<option value="{{name}}"{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/states}}</select></label>
        <label>Unit <select name="unit"><option value="">any</option>{{#units}}<option{{#selected}} selected="selected"{{/selected}}>{{name}}</option>{{/units}}</select></label>
        <button type="submit">Filter</button>
        </form>
        <table><thead><tr><th>Id</th><th>Name</th><th>Unit</th><th>State</th><th>Currency</th><th>Minutes, 90 days</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/operators/{{path}}">{{id}}</a></td><td>{{name}}</td><td>{{unit}}</td><td>{{state}}</td><td>{{current}}</td><td>{{minutes}}</td></tr>
        {{/rows}}</tbody></table>
        {{#canEnroll}}<h2>Enroll a trainee</h2>
        <form method="post" action="/operators" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}"/>
        <label>Id <input name="id" required="required"/></label>
        <label>Name <input name="name" required="required"/></label>
        <label>Unit <select name="unit">{{#units}}<option>{{name}}</option>{{/units}}</select></label>
        <button type="submit">Enroll</button>
        </form>{{/canEnroll}}
        """

    static let operatorPage = """
        <h1>{{name}} <span class="state">{{state}}</span></h1>
        <table>
        <tr><th>Id</th><td>{{id}}</td></tr>
        <tr><th>Unit</th><td>{{unit}}</td></tr>
        <tr><th>Flight time, last 90 days</th><td>{{minutes}} (60 min keep a qualified operator current)</td></tr>
        <tr><th>Flight time in all</th><td>{{total}} in {{flightCount}} flights</td></tr>
        {{#qualified}}<tr><th>Currency</th><td>{{#current}}current{{/current}}{{^current}}<span class="due">lapsed</span>{{/current}}</td></tr>{{/qualified}}
        </table>
        <h2>Actions</h2>
        <div class="actions">{{#actions}}<form method="post" action="/operators/{{path}}/events/{{kind}}">
        <input type="hidden" name="csrf" value="{{csrf}}"/>{{#needsReason}}<input name="reason" placeholder="reason (optional)"/>{{/needsReason}}
        <button type="submit">{{label}}</button></form>{{/actions}}</div>
        <h2>Flights ({{flightsShown}} latest)</h2>
        <table><thead><tr><th>When (UTC)</th><th>Airframe</th><th>Time</th><th>Purpose</th></tr></thead>
        <tbody>{{#flights}}<tr><td>{{at}}</td><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{minutes}}</td><td>{{purpose}}</td></tr>{{/flights}}</tbody></table>
        <h2>History</h2>
        <table><tbody>{{#history}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{by}}</td><td>{{change}}</td></tr>{{/history}}</tbody></table>
        """

    static let dashboard = """
        <style>{{{chartCSS}}}</style>
        <h1>Dashboard</h1>
        <form method="get" action="/dashboard" class="filters">
        <label>From <input type="date" name="from" value="{{from}}"/></label>
        <label>To (exclusive) <input type="date" name="to" value="{{to}}"/></label>
        <label>By <select name="every"><option value="week"{{#weekly}} selected="selected"{{/weekly}}>week</option><option value="month"{{#monthly}} selected="selected"{{/monthly}}>month</option></select></label>
        <label>Forecast target <input type="number" name="target" min="1" value="{{target}}"/></label>
        <button type="submit">Show</button>
        </form>
        <p>Download: <a href="{{csv}}">CSV</a> · <a href="{{json}}">JSON</a> · <a href="{{html}}">printable report</a></p>
        <div class="cards">{{#headlines}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="note">{{note}}</div></div>{{/headlines}}</div>
        {{#forecast}}<p>Forecast for {{target}} more airframes: {{#p50}}by {{p50}} (50% confidence){{/p50}}{{#p85}}, by {{p85}} (85%){{/p85}}. {{note}}</p>{{/forecast}}
        <h2>Latest deliveries</h2>
        <table id="latest-deliveries"><thead><tr><th>Serial</th><th>Model</th><th>First QC pass (UTC)</th><th>Now</th></tr></thead>
        <tbody>{{#latest}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{model}}</td><td>{{at}}</td><td>{{state}}</td></tr>{{/latest}}</tbody></table>
        {{#charts}}{{> chart}}{{/charts}}
        <h2>Work in progress</h2>
        <table><tbody><tr>{{#wip}}<th>{{state}}</th>{{/wip}}</tr><tr>{{#wip}}<td>{{count}}</td>{{/wip}}</tr></tbody></table>
        <h2>Oldest in work</h2>
        <table><tbody>{{#oldest}}<tr><td><a href="/airframes/{{path}}">{{serial}}</a></td><td>{{state}}</td><td>{{hours}} h</td></tr>{{/oldest}}</tbody></table>
        <h2>Due for service ({{dueCount}})</h2>
        <p>{{#due}}<a href="/airframes/{{path}}">{{serial}}</a> {{/due}}{{#dueMore}}… and {{dueRest}} more: <a href="/airframes?due=on">all airframes due</a>{{/dueMore}}</p>
        <h2>Operators by unit</h2>
        <table><thead><tr><th>Unit</th><th>Current</th><th>Lapsed</th></tr></thead><tbody>{{#operators}}<tr><td>{{unit}}</td><td>{{current}}</td><td>{{lapsed}}</td></tr>{{/operators}}</tbody></table>
        {{#hasSupply}}<h2>Supply</h2>
        <p>{{lowCount}} part(s) at or below the reorder point: {{#low}}<a href="/parts/{{path}}">{{part}}</a> {{onHand}}/{{reorderAt}} {{/low}}<a href="/stock?low=on">stock</a></p>
        <p>{{lifeCount}} piece(s) at 90% of a life limit; {{wornCount}} worn battery pack(s){{#worn}} <a href="/components/{{serial}}">{{serial}}</a>{{/worn}}.</p>{{/hasSupply}}
        """
}
