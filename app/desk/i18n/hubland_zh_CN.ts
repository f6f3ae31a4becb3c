<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Text</name>
    <message>
        <source>Run the project ranking first.</source>
        <translation>请先运行项目排序。</translation>
    </message>
</context>
<context>
    <name>hubland::desk::AttributeTableModel</name>
    <message>
        <source>no table</source>
        <translation>没有属性表</translation>
    </message>
</context>
<context>
    <name>hubland::desk::Job</name>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>hubland::desk::LayerTreeModel</name>
    <message>
        <source>By grade (A-D)</source>
        <translation>按评级（A–D）</translation>
    </message>
    <message>
        <source>By low-efficiency flag</source>
        <translation>按低效用地标记</translation>
    </message>
    <message>
        <source>By land use</source>
        <translation>按用地性质</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Parcels</source>
        <translation>地块</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>枢纽片区</translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation>枢纽</translation>
    </message>
    <message>
        <source>Catchment rings</source>
        <translation>辐射圈层</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>管控约束</translation>
    </message>
    <message>
        <source>Project sites</source>
        <translation>项目选址</translation>
    </message>
    <message>
        <source>Conversion requests</source>
        <translation>用途转换申请</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>HubLand — land planning desk</source>
        <translation>HubLand — 枢纽经济区用地规划桌面</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Thematic style of the selected layer</source>
        <translation>所选图层的专题样式</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>要素查询</translation>
    </message>
    <message>
        <source>Filter: SQL where (plot_ratio &lt; 1.0) or grade D, flag LE-FAR, rejected</source>
        <translation>筛选：SQL 条件（plot_ratio &lt; 1.0）或 grade D、flag LE-FAR、rejected</translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>render %1 ms</source>
        <translation>绘制 %1 毫秒</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open analysis…</source>
        <translation>打开分析文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open analysis</source>
        <translation>打开分析文件</translation>
    </message>
    <message>
        <source>Analysis files (*.toml)</source>
        <translation>分析文件 (*.toml)</translation>
    </message>
    <message>
        <source>Open &amp;workspace…</source>
        <translation>打开工作空间(&amp;W)…</translation>
    </message>
    <message>
        <source>Open &amp;sample (Chongqing)</source>
        <translation>打开示例数据（重庆）(&amp;S)</translation>
    </message>
    <message>
        <source>Export &amp;selection…</source>
        <translation>导出所选要素(&amp;S)…</translation>
    </message>
    <message>
        <source>Export &amp;filtered layer…</source>
        <translation>导出筛选结果(&amp;F)…</translation>
    </message>
    <message>
        <source>Save map &amp;image…</source>
        <translation>保存地图图片(&amp;I)…</translation>
    </message>
    <message>
        <source>Save map image</source>
        <translation>保存地图图片</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Map tools</source>
        <translation>地图工具</translation>
    </message>
    <message>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom to &amp;selection</source>
        <translation>缩放至所选(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pan / identify</source>
        <translation>平移 / 查询(&amp;P)</translation>
    </message>
    <message>
        <source>Zoom &amp;box</source>
        <translation>拉框放大(&amp;B)</translation>
    </message>
    <message>
        <source>Drag to pan, click to identify, wheel to zoom; Shift+drag zooms to a box, Ctrl+drag selects</source>
        <translation>拖动平移，单击查询，滚轮缩放；Shift+拖动拉框放大，Ctrl+拖动框选</translation>
    </message>
    <message>
        <source>Drag a box to zoom in</source>
        <translation>拖出矩形框放大</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>Run &amp;screening</source>
        <translation>运行低效用地筛查(&amp;S)</translation>
    </message>
    <message>
        <source>Run &amp;conversion checks</source>
        <translation>运行用途转换审查(&amp;C)</translation>
    </message>
    <message>
        <source>Run project &amp;ranking</source>
        <translation>运行项目排序(&amp;R)</translation>
    </message>
    <message>
        <source>Justification &amp;report for the selected project…</source>
        <translation>生成所选项目的论证报告(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时切换。</translation>
    </message>
    <message>
        <source>Open an analysis first.</source>
        <translation>请先打开分析文件。</translation>
    </message>
    <message>
        <source>Run the project ranking first.</source>
        <translation>请先运行项目排序。</translation>
    </message>
    <message>
        <source>Select one project in the table or on the map.</source>
        <translation>请在属性表或地图上选择一个项目。</translation>
    </message>
    <message>
        <source>HubLand</source>
        <translation>HubLand</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <source>%1 — HubLand land planning desk</source>
        <translation>%1 — HubLand 枢纽经济区用地规划桌面</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n 个要素</numerusform>
        </translation>
    </message>
    <message>
        <source>filter error</source>
        <translation>筛选条件有误</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>低效用地筛查</translation>
    </message>
    <message>
        <source>Conversion checks</source>
        <translation>用途转换审查</translation>
    </message>
    <message>
        <source>Project ranking</source>
        <translation>项目排序</translation>
    </message>
    <message>
        <source>Export selection</source>
        <translation>导出所选要素</translation>
    </message>
    <message>
        <source>Export filtered layer</source>
        <translation>导出筛选结果</translation>
    </message>
    <message>
        <source>Exported %1 features to %2</source>
        <translation>已导出 %1 个要素至 %2</translation>
    </message>
    <message>
        <source>Folder for the report</source>
        <translation>报告输出文件夹</translation>
    </message>
    <message>
        <source>Report %1</source>
        <translation>报告 %1</translation>
    </message>
    <message>
        <source>Report written: %1</source>
        <translation>报告已生成：%1</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作空间</translation>
    </message>
    <message>
        <source>HubLand workspaces (*.hubland.sqlite)</source>
        <translation>HubLand 工作空间 (*.hubland.sqlite)</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv);;Excel (*.xlsx)</source>
        <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv);;Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>hubland::desk::engine</name>
    <message>
        <source>The analysis names no ruleset ([analysis] ruleset).</source>
        <translation>分析文件未指定规则集（[analysis] ruleset）。</translation>
    </message>
    <message>
        <source>The analysis has no parcels layer.</source>
        <translation>分析文件没有地块图层。</translation>
    </message>
    <message>
        <source>The analysis has no conversion requests layer.</source>
        <translation>分析文件没有用途转换申请图层。</translation>
    </message>
    <message>
        <source>The analysis has no projects layer.</source>
        <translation>分析文件没有项目图层。</translation>
    </message>
</context>
<context>
    <name>hubland::desk::identify</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>空间事实</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>审查结论</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>政策条款</translation>
    </message>
</context>
<context>
    <name>hubland::map::styles</name>
    <message>
        <source>Parcels by grade</source>
        <translation>地块亩均效益评级</translation>
    </message>
    <message>
        <source>Grade A</source>
        <translation>A 类</translation>
    </message>
    <message>
        <source>Grade B</source>
        <translation>B 类</translation>
    </message>
    <message>
        <source>Grade C</source>
        <translation>C 类</translation>
    </message>
    <message>
        <source>Grade D</source>
        <translation>D 类</translation>
    </message>
    <message>
        <source>Not graded</source>
        <translation>未评级</translation>
    </message>
    <message>
        <source>Low-efficiency flag</source>
        <translation>低效用地标记</translation>
    </message>
    <message>
        <source>Flagged low-efficiency</source>
        <translation>低效用地</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>非低效</translation>
    </message>
    <message>
        <source>Not screened</source>
        <translation>未筛查</translation>
    </message>
    <message>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <source>Industrial (1001)</source>
        <translation>工业用地（1001）</translation>
    </message>
    <message>
        <source>New industrial M0 (100100)</source>
        <translation>新型产业用地 M0（100100）</translation>
    </message>
    <message>
        <source>Logistics (1101)</source>
        <translation>物流仓储用地（1101）</translation>
    </message>
    <message>
        <source>R&amp;D (0802)</source>
        <translation>科研用地（0802）</translation>
    </message>
    <message>
        <source>Commercial (09)</source>
        <translation>商业服务业用地（09）</translation>
    </message>
    <message>
        <source>Residential (07)</source>
        <translation>居住用地（07）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>枢纽片区</translation>
    </message>
    <message>
        <source>Hub zone boundary</source>
        <translation>枢纽片区边界</translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation>枢纽</translation>
    </message>
    <message>
        <source>Land port</source>
        <translation>陆港</translation>
    </message>
    <message>
        <source>Airport</source>
        <translation>空港</translation>
    </message>
    <message>
        <source>River port</source>
        <translation>水港</translation>
    </message>
    <message>
        <source>Trade hub</source>
        <translation>商贸枢纽</translation>
    </message>
    <message>
        <source>Production hub</source>
        <translation>生产服务枢纽</translation>
    </message>
    <message>
        <source>Other hub</source>
        <translation>其他枢纽</translation>
    </message>
    <message>
        <source>Catchment rings</source>
        <translation>辐射圈层</translation>
    </message>
    <message>
        <source>Land port rings</source>
        <translation>陆港辐射圈</translation>
    </message>
    <message>
        <source>Airport rings</source>
        <translation>空港辐射圈</translation>
    </message>
    <message>
        <source>River port rings</source>
        <translation>水港辐射圈</translation>
    </message>
    <message>
        <source>Trade hub rings</source>
        <translation>商贸枢纽辐射圈</translation>
    </message>
    <message>
        <source>Production hub rings</source>
        <translation>生产服务枢纽辐射圈</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>管控约束</translation>
    </message>
    <message>
        <source>Ecological redline</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Road</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Project site</source>
        <translation>项目选址</translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>Zones</source>
        <translation>区域评价</translation>
    </message>
    <message>
        <source>Zone evaluation</source>
        <translation>区域评价</translation>
    </message>
    <message>
        <source>Parcel %1 is not on the map</source>
        <translation>地块 %1 不在地图上</translation>
    </message>
    <message>
        <source>Where the ranking&apos;s zone caps came from</source>
        <translation>项目排序的片区指标上限来源</translation>
    </message>
    <message>
        <source>No zone evaluation: %1</source>
        <translation>无区域评价：%1</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ZonesPanel</name>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Worst parcels (double-click: zoom)</source>
        <translation>最差地块（双击定位）</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>地块</translation>
    </message>
    <message>
        <source>Land status</source>
        <translation>用地状态</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <source>Select a zone in the table or on the map</source>
        <translation>在表格或地图上选择一个片区</translation>
    </message>
    <message>
        <source>%1 %2 (%3) — %4: score %5, grade %6</source>
        <translation>%1 %2（%3）— %4 年：得分 %5，等级 %6</translation>
    </message>
</context>
<context>
    <name>hubland::desk::zones</name>
    <message>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Rank in type</source>
        <translation>同类排名</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Zone evaluation</source>
        <translation>区域评价</translation>
    </message>
    <message>
        <source>- not graded</source>
        <translation>- 未评价</translation>
    </message>
    <message>
        <source>Score (0–100)</source>
        <translation>得分（0–100）</translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>&amp;Basemap (districts, rivers, main roads)</source>
        <translation>底图（区县、河流、主要道路）(&amp;B)</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Column names for SQL: hover a column header.</source>
        <translation>SQL 筛选使用字段名：鼠标停在列标题上即可看到。</translation>
    </message>
</context>
<context>
    <name>hubland::desk::basemap</name>
    <message>
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>River (land class 1101)</source>
        <translation>河流（地类 1101）</translation>
    </message>
    <message>
        <source>Main road</source>
        <translation>主要道路</translation>
    </message>
    <message>
        <source>District boundary</source>
        <translation>区县界线</translation>
    </message>
</context>
<context>
    <name>hubland::desk::columns</name>
    <message>
        <comment>Which column vocabulary the attribute table shows: zh = the Chinese names of layers/data/export_fields.toml, en = canonical names</comment>
        <source>vocabulary</source>
        <translation>zh</translation>
    </message>
</context>
<context>
    <name>hubland::desk::LayerTreeModel</name>
    <message>
        <source>Buildings</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <source>Industrial parks</source>
        <translation>工业园区</translation>
    </message>
    <message>
        <source>Land supply</source>
        <translation>供地状态</translation>
    </message>
    <message>
        <source>Current land class</source>
        <translation>现状地类</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>By land status (idle, stopped, low efficiency)</source>
        <translation>按土地状态（闲置、停产、低效）</translation>
    </message>
</context>
<context>
    <name>hubland::map::styles</name>
    <message>
        <source>Buildings</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <source>Industrial parks</source>
        <translation>工业园区</translation>
    </message>
    <message>
        <source>Land supply</source>
        <translation>供地状态</translation>
    </message>
    <message>
        <source>Current land class</source>
        <translation>现状地类</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Parcels by land status</source>
        <translation>地块土地状态</translation>
    </message>
</context>
<context>
    <name>hubland::desk::workspace_stage</name>
    <message>
        <source>The ruleset file %1 is not the one the workspace's run used (its SHA-256 differs), and the workspace does not hold that ruleset's text.</source>
        <translation>规则集文件 %1 不是工作空间运行时所用的那一份（SHA-256 不同），工作空间中也没有保存该规则集的文本。</translation>
    </message>
    <message>
        <source>The workspace's ruleset %1 is not on this machine (%2), and the workspace does not hold its text.</source>
        <translation>工作空间的规则集 %1 不在本机（%2），工作空间中也没有保存其文本。</translation>
    </message>
    <message>
        <source>Ruleset %1 from the workspace</source>
        <translation>规则集 %1（取自工作空间）</translation>
    </message>
    <message>
        <source>Ruleset %1</source>
        <translation>规则集 %1</translation>
    </message>
    <message>
        <source>Ruleset %1 (%2)</source>
        <translation>规则集 %1（%2）</translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>run %1 stored</source>
        <translation>已存为运行 %1</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Open &amp;PostGIS workspace…</source>
        <translation>打开 PostGIS 工作空间(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsModel</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>申请对象</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsController</name>
    <message>
        <source>Loading applications</source>
        <translation>读取申请</translation>
    </message>
    <message>
        <source>Filing application</source>
        <translation>登记申请</translation>
    </message>
    <message>
        <source>Application %1</source>
        <translation>申请 %1</translation>
    </message>
    <message>
        <source>Application %1 is not in the list.</source>
        <translation>申请 %1 不在列表中。</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsPanel</name>
    <message>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>The list has been reloaded; check the application again.</source>
        <translation>列表已重新读取，请重新核对该申请。</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>New application…</source>
        <translation>新建申请…</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Take under review</source>
        <translation>受理审查</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>审批…</translation>
    </message>
    <message>
        <source>Show on map</source>
        <translation>在地图上显示</translation>
    </message>
    <message>
        <source>%1, zone office %2</source>
        <translation>%1，片区 %2 管理机构</translation>
    </message>
    <message>
        <source>%1, bureau</source>
        <translation>%1，规划和自然资源局</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Open justification</source>
        <translation>打开论证报告</translation>
    </message>
    <message>
        <source>Project of the new application</source>
        <translation>新申请的项目</translation>
    </message>
    <message>
        <source>Vector files (*.gpkg *.geojson *.json *.shp *.kml);;All files (*)</source>
        <translation>矢量文件 (*.gpkg *.geojson *.json *.shp *.kml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Withdraw application %1</source>
        <translation>撤回申请 %1</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>hubland::desk::PostgresLoginDialog</name>
    <message>
        <source>Open PostGIS workspace</source>
        <translation>打开 PostGIS 工作空间</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>hubland::desk::DecideDialog</name>
    <message>
        <source>Decide application %1</source>
        <translation>审批申请 %1</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Approve with conditions</source>
        <translation>附条件批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不予批准</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审批结论</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Rules relied on</source>
        <translation>所依据的规则</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>附加条件</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationFormDialog</name>
    <message>
        <source>New application</source>
        <translation>新建申请</translation>
    </message>
    <message>
        <source>Project read from %1</source>
        <translation>项目读自 %1</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
</context>
<context>
    <name>hubland::desk::application_checks</name>
    <message>
        <source>basis run %1</source>
        <translation>依据运行 %1</translation>
    </message>
    <message>
        <source>%1: %2 (%3; %4)</source>
        <translation>%1：%2（%3；%4）</translation>
    </message>
    <message>
        <source>no rule failed</source>
        <translation>无未通过的规则</translation>
    </message>
    <message>
        <source>%1: not eligible (%2; %3)</source>
        <translation>%1：不符合准入条件（%2；%3）</translation>
    </message>
    <message>
        <source>%1: eligible, rank %2 of %3 (%4–%5 under perturbed weights), %6, %7 mu quota charged (%8)</source>
        <translation>%1：符合准入条件，排名 %2 / %3（权重扰动下 %4–%5），%6，占用指标 %7 亩（%8）</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsController</name>
    <message>
        <source>Checking application %1</source>
        <translation>核查申请 %1</translation>
    </message>
</context>
<context>
    <name>hubland::desk::ApplicationsPanel</name>
    <message>
        <source>Check</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>核查结果</translation>
    </message>
    <message>
        <source>Eligibility, expected rank and quota charged against the workspace's newest run; nothing is stored</source>
        <translation>按工作空间最新一次运行核查准入条件、预计排名和占用指标；不保存任何内容</translation>
    </message>
</context>
<context>
    <name>hubland::desk::MainWindow</name>
    <message>
        <source>Report of application %1</source>
        <translation>申请 %1 的论证报告</translation>
    </message>
</context>
<context>
    <name>hubland::desk::workspace_stage</name>
    <message>
        <source>not stored: %1 is a zone office, which writes no runs</source>
        <translation>未保存：%1 是片区管理机构，不写入运行</translation>
    </message>
</context>
</TS>
