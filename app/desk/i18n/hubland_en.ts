<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Text</name>
    <message>
        <source>Run the project ranking first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::AttributeTableModel</name>
    <message>
        <source>no table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::Job</name>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::LayerTreeModel</name>
    <message>
        <source>By grade (A-D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By low-efficiency flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By land use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parcels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catchment rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversion requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roads</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>HubLand — land planning desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thematic style of the selected layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: SQL where (plot_ratio &lt; 1.0) or grade D, flag LE-FAR, rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>render %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open analysis…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis files (*.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;sample (Chongqing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;selection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;filtered layer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save map &amp;image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save map image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to &amp;selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pan / identify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to pan, click to identify, wheel to zoom; Shift+drag zooms to a box, Ctrl+drag selects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a box to zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;conversion checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run project &amp;ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Justification &amp;report for the selected project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an analysis first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the project ranking first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one project in the table or on the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HubLand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — HubLand land planning desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n feature</numerusform>
            <numerusform>%n features</numerusform>
        </translation>
    </message>
    <message>
        <source>filter error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversion checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export filtered layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 features to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HubLand workspaces (*.hubland.sqlite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv);;Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::engine</name>
    <message>
        <source>The analysis names no ruleset ([analysis] ruleset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis has no parcels layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis has no conversion requests layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis has no projects layer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::identify</name>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clause</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::map::styles</name>
    <message>
        <source>Parcels by grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not graded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-efficiency flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged low-efficiency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not screened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Land use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industrial (1001)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New industrial M0 (100100)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logistics (1101)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;D (0802)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial (09)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Residential (07)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub zone boundary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Land port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Airport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>River port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trade hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catchment rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Land port rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Airport rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>River port rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trade hub rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production hub rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ecological redline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanent basic farmland</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urban development boundary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Road</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project site</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>Zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parcel %1 is not on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the ranking&apos;s zone caps came from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No zone evaluation: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ZonesPanel</name>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worst parcels (double-click: zoom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Land status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area (mu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a zone in the table or on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 (%3) — %4: score %5, grade %6</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::zones</name>
    <message>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank in type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- not graded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score (0–100)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>&amp;Basemap (districts, rivers, main roads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column names for SQL: hover a column header.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::basemap</name>
    <message>
        <source>Basemap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>River (land class 1101)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main road</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District boundary</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::columns</name>
    <message>
        <comment>Which column vocabulary the attribute table shows: zh = the Chinese names of layers/data/export_fields.toml, en = canonical names</comment>
        <source>vocabulary</source>
        <translation>en</translation>
    </message>
</context>
<context>
    <name>hubland::desk::LayerTreeModel</name>
    <message>
        <source>Buildings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industrial parks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Land supply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current land class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Districts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By land status (idle, stopped, low efficiency)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::map::styles</name>
    <message>
        <source>Buildings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industrial parks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Land supply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current land class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Districts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parcels by land status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::workspace_stage</name>
    <message>
        <source>The ruleset file %1 is not the one the workspace's run used (its SHA-256 differs), and the workspace does not hold that ruleset's text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace's ruleset %1 is not on this machine (%2), and the workspace does not hold its text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ruleset %1 from the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ruleset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ruleset %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>run %1 stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;PostGIS workspace…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsModel</name>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsController</name>
    <message>
        <source>Loading applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filing application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 is not in the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsPanel</name>
    <message>
        <source>Changed by someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list has been reloaded; check the application again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New application…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take under review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show on map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, zone office %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, bureau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open justification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project of the new application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector files (*.gpkg *.geojson *.json *.shp *.kml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::PostgresLoginDialog</name>
    <message>
        <source>Open PostGIS workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::DecideDialog</name>
    <message>
        <source>Decide application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve with conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules relied on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationFormDialog</name>
    <message>
        <source>New application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::application_checks</name>
    <message>
        <source>basis run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (%3; %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rule failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not eligible (%2; %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: eligible, rank %2 of %3 (%4–%5 under perturbed weights), %6, %7 mu quota charged (%8)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsController</name>
    <message>
        <source>Checking application %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsPanel</name>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eligibility, expected rank and quota charged against the workspace's newest run; nothing is stored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>Report of application %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hubland::desk::workspace_stage</name>
    <message>
        <source>not stored: %1 is a zone office, which writes no runs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
