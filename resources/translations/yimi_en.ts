<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="34" />
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="41" />
        <source>服务企业</source>
        <translation>Enterprises served</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="42" />
        <source>其中规上企业</source>
        <translation>Above-size enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="43" />
        <source>本月走访</source>
        <translation>Visits this month</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="44" />
        <source>累计走访</source>
        <translation>Visits in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="45" />
        <source>未办结诉求</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="46" />
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="47" />
        <source>累计诉求</source>
        <translation>Issues in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="48" />
        <source>惠企政策</source>
        <translation>Support policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="58" />
        <source>今天是 {date}</source>
        <translation>Today is {date}</translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="10" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="10" />
        <source>正在建设中</source>
        <translation>Under construction</translation>
    </message>
</context>
<context>
    <name>IssuesPlannedPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/placeholder.py" line="46" />
        <source>问题台账</source>
        <translation>Issue ledger</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/placeholder.py" line="47" />
        <source>这里将列出企业提出的每一个诉求:待交办、已交办、办理中、已办结、已回访,可按状态、团队、类别、乡镇筛选,超期的会标红。(正在建设中)</source>
        <translation>This page will list every issue raised by enterprises: new, assigned, in progress, resolved, followed up, filtered by status, team, category and township, with overdue ones in red. (Under construction)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="31" />
        <source>一米团走访与诉求台账</source>
        <translation>One-Meter Team Visits &amp; Issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="33" />
        <source>演示数据库</source>
        <translation>Demo database</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="66" />
        <source>本机:{name}({role})</source>
        <translation>This device: {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="72" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="73" />
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="77" />
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="81" />
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="91" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="92" />
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="114" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="115" />
        <source>一米团走访与诉求台账 {version}
尉氏县一米团离线桌面软件:记录走访、跟踪诉求、打印台账、U盘同步。
界面字体:Droid Sans Fallback(Apache 2.0)</source>
        <translation>One-Meter Team Visits &amp; Issues {version}
Offline desktop application of Weishi County's One-Meter Teams: record visits, follow issues, print ledgers, sync by USB stick.
UI font: Droid Sans Fallback (Apache 2.0)</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="15" />
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="16" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="17" />
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="18" />
        <source>问题台账</source>
        <translation>Issue ledger</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="19" />
        <source>政策</source>
        <translation>Policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="20" />
        <source>团队</source>
        <translation>Teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="21" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="10" />
        <source>政策</source>
        <translation>Policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="10" />
        <source>正在建设中</source>
        <translation>Under construction</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="101" />
        <source>新建数据库</source>
        <translation>New database</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="102" />
        <source>没有找到数据库文件:
{path}

是否在此新建一个数据库?</source>
        <translation>No database file found:
{path}

Create a new database here?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="105" />
        <source>本机名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="106" />
        <source>请为本机起个名字(例如:金融专业一米团-笔记本1):</source>
        <translation>Give this device a name (e.g. Finance team laptop 1):</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="118" />
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
<context>
    <name>SyncPlannedPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/placeholder.py" line="39" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/placeholder.py" line="40" />
        <source>这里将通过U盘与县级中心交换数据包:导出本机的新记录,导入中心发回的全县数据,并处理两台设备同时修改同一记录时的冲突。(正在建设中)</source>
        <translation>This page will exchange packages with the county hub on a USB stick: export this device's new records, import the county-wide data sent back, and settle conflicts when two devices changed the same record. (Under construction)</translation>
    </message>
</context>
<context>
    <name>TeamsPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="10" />
        <source>团队</source>
        <translation>Teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="10" />
        <source>正在建设中</source>
        <translation>Under construction</translation>
    </message>
</context>
<context>
    <name>VisitsPlannedPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/placeholder.py" line="32" />
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/placeholder.py" line="33" />
        <source>这里将记录每一次上门走访:企业、日期、团队和参加人员、宣讲的政策、企业提出的诉求、照片和附件。草稿会自动保存,断电也不会丢失。(正在建设中)</source>
        <translation>This page will record every on-site visit: enterprise, date, team and officers, policies briefed, the enterprise's issues, photos and documents. Drafts are saved automatically and survive a power cut. (Under construction)</translation>
    </message>
</context>
</TS>