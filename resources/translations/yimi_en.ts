<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="60" />
        <source>修改走访记录</source>
        <translation>Amend visit record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="68" />
        <source>要改的内容</source>
        <translation>What to change</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="79" />
        <source>(不回访)</source>
        <translation>(no follow-up)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="96" />
        <source>为什么要改,如 地点记错了</source>
        <translation>Why it changes, e.g. the place was wrong</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="92" />
        <source>改为</source>
        <translation>Change to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="95" />
        <source>修改原因 *</source>
        <translation>Reason *</translation>
    </message>
</context>
<context>
    <name>Amendments</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="26" />
        <source>走访记录</source>
        <translation>Visit notes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="27" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="28" />
        <source>约定回访日期</source>
        <translation>Agree a follow-up date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="29" />
        <source>走访类型</source>
        <translation>Kind of visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="30" />
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="31" />
        <source>结束时间</source>
        <translation>End time</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/amend_dialog.py" line="39" />
        <source>作废</source>
        <translation>Void</translation>
    </message>
</context>
<context>
    <name>Amount</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="33" />
        <source>{n}万元</source>
        <translation>{n} × 10,000 yuan</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="35" />
        <source>{n}元</source>
        <translation>{n} yuan</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="215" />
        <source>交办要求(可不填)</source>
        <translation>Instructions (optional)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="211" />
        <source>为什么改派(必填)</source>
        <translation>Why reassign (required)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="217" />
        <source>改派理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="218" />
        <source>主办团队</source>
        <translation>Lead team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="220" />
        <source>按类别“{category}”建议交给:{team}</source>
        <translation>Suggested for category '{category}': {team}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="226" />
        <source>经办人</source>
        <translation>Responsible officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="229" />
        <source>勾选协办团队(可不选);办结由主办团队报告</source>
        <translation>Tick the supporting teams (optional); the lead team reports the resolution</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="237" />
        <source>协办团队</source>
        <translation>Supporting teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="242" />
        <source>(不用规则,手工填写办理时限)</source>
        <translation>(no rule: type the deadline)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="245" />
        <source>时限规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="246" />
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="248" />
        <source>交办说明</source>
        <translation>Assignment note</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="260" />
        <source>(不指定)</source>
        <translation>(not set)</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="58" />
        <source>每日</source>
        <translation>Daily</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="58" />
        <source>导入前</source>
        <translation>Before import</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="58" />
        <source>升级前</source>
        <translation>Before upgrade</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="59" />
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="59" />
        <source>恢复前</source>
        <translation>Before restore</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="60" />
        <source>恢复前(原库已损坏)</source>
        <translation>Before restore (damaged)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="61" />
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="67" />
        <source>每天第一次打开软件、每次导入数据包和升级软件之前都会自动备份,每份备份都经过校验。保留最近 7 天每天一份、再往前 4 周每周一份。备份保存在:{folder}</source>
        <translation>A backup is made automatically at the first start of each day and before every package import and every upgrade; each one is verified. One a day is kept for the last 7 days and one a week for the 4 weeks before. Backups are kept in: {folder}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="73" />
        <source>已校验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="73" />
        <source>未校验</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="75" />
        <source>备份时间</source>
        <translation>Taken</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="76" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="77" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="78" />
        <source>校验</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="79" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="94" />
        <source>立即备份(&amp;B)</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="95" />
        <source>备份到U盘(&amp;U)…</source>
        <translation>Back up to &amp;USB stick…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="96" />
        <source>再存一份加密的备份到U盘或别的文件夹:只有本机和县级中心能打开,U盘丢了也不泄露</source>
        <translation>Also save an encrypted backup to a USB stick or another folder: only this computer and the hub can open it, so a lost stick reveals nothing</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="97" />
        <source>恢复所选备份(&amp;R)…</source>
        <translation>&amp;Restore selected backup…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="98" />
        <source>从文件恢复(&amp;F)…</source>
        <translation>Restore from &amp;file…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="99" />
        <source>选择U盘上的加密备份(.age)或别处的备份文件(.db)</source>
        <translation>Choose an encrypted backup on a USB stick (.age) or a backup file elsewhere (.db)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="100" />
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open folder</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="101" />
        <source>收取笔记本的U盘备份(&amp;S)…</source>
        <translation>Take in a laptop's &amp;stick backup…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="102" />
        <source>笔记本坏了或丢了:从它的U盘备份中收回县级中心还没有的工作</source>
        <translation>A laptop broke or was lost: take in, from its stick backup, the work the hub does not hold yet</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="105" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="189" />
        <source>正在备份并校验…</source>
        <translation>Backing up and verifying…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="195" />
        <source>已备份并校验:{file}({size})</source>
        <translation>Backed up and verified: {file} ({size})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="201" />
        <source>选择U盘或文件夹</source>
        <translation>Choose a USB stick or folder</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="209" />
        <source>正在备份并加密写到U盘…</source>
        <translation>Backing up and writing it encrypted to the stick…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="216" />
        <source>已加密写到:{file}(只有本机和县级中心的密钥能打开)。请安全弹出U盘后再拔出。</source>
        <translation>Written encrypted to: {file} (only this computer's and the hub's keys open it). Eject the stick safely before pulling it out.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="228" />
        <source>{time} 的备份({kind})</source>
        <translation>the backup of {time} ({kind})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="234" />
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="235" />
        <source>一米团备份 (*.db *.age);;所有文件 (*)</source>
        <translation>yimi backups (*.db *.age);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="241" />
        <source>备份文件 {file}</source>
        <translation>the backup file {file}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="244" />
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="287" />
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="305" />
        <source>恢复备份</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="245" />
        <source>用 {what} 替换本机现在的数据库?</source>
        <translation>Replace this computer's current database with {what}?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="248" />
        <source>现在的数据库({db})会被这个备份替换:备份之后录入和导入的内容将从本机消失。其中已经同步到县级中心的,下次同步时会传回本机;没有同步过的会丢失。

恢复之前会先把现在的数据库完整备份一份(类型“恢复前”),需要时可以再恢复回来。恢复后本机换用新的设备编号,窗口会重新打开。</source>
        <translation>The current database ({db}) will be replaced by this backup: what was entered or imported after the backup disappears from this computer. What reached the hub comes back at the next sync; what was never synced is lost.

Before the restore the current database is backed up in full (kind &quot;Before restore&quot;), so it can be restored again if needed. After the restore this computer takes a new device id and the window reopens.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="252" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="253" />
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="346" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="269" />
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="275" />
        <source>正在检查备份…</source>
        <translation>Checking the backup…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="275" />
        <source>正在关闭数据库…</source>
        <translation>Closing the database…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="276" />
        <source>正在备份现在的数据库并恢复…</source>
        <translation>Backing up the current database and restoring…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="276" />
        <source>正在打开恢复的数据库…</source>
        <translation>Opening the restored database…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="288" />
        <source>数据库没能重新打开:{error}
请关闭软件后重新打开。</source>
        <translation>The database could not be opened again: {error}
Close the application and start it again.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="295" />
        <source>没有恢复:{error}</source>
        <translation>Not restored: {error}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="298" />
        <source>已恢复。恢复前的数据库已备份为 {file},需要时可以在这里再恢复回来。</source>
        <translation>Restored. The database as it was before is backed up as {file}; you can restore it here if needed.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="319" />
        <source>选择笔记本的U盘备份</source>
        <translation>Choose the laptop's stick backup</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="320" />
        <source>笔记本的U盘备份 (*.age);;一米团备份 (*.db);;所有文件 (*)</source>
        <translation>Laptop stick backups (*.age);;yimi backups (*.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="330" />
        <source>正在收取笔记本备份中的工作…</source>
        <translation>Taking in the work in the laptop's backup…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="341" />
        <source>收取笔记本的U盘备份</source>
        <translation>Take in a laptop's stick backup</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="342" />
        <source>这个备份没有笔记本的签名(以前的版本做的,或是 .db 文件),不能确认它出自那台笔记本。这个U盘是那位干部当面交来的吗?</source>
        <translation>This backup carries no signature of the laptop (made by an earlier release, or a .db file), so it cannot be shown to come from that laptop. Did its officer hand you this stick in person?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="345" />
        <source>是,照样收取</source>
        <translation>Yes, take it in</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="355" />
        <source>这个备份已经收取过,本中心数据没有改动。</source>
        <translation>This backup was taken in before; nothing here changed.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="358" />
        <source>已收取笔记本“{name}”备份中的工作:{n} 条本中心还没有的修改。</source>
        <translation>Took in the work in the backup of '{name}': {n} changes the hub did not hold.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="361" />
        <source>该笔记本已注销,它的工作照样收下。</source>
        <translation> That laptop is revoked; its work is taken in all the same.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/backup_dialog.py" line="363" />
        <source>有 {n} 张照片或附件的文件不在备份里,没能收回。</source>
        <translation> {n} photo or attachment files are not in the backup and could not be recovered.</translation>
    </message>
</context>
<context>
    <name>CalendarDayModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="46" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="46" />
        <source>星期</source>
        <translation>Weekday</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="46" />
        <source>上班/休息</source>
        <translation>Work/off</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="46" />
        <source>节日/说明</source>
        <translation>Holiday / note</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="64" />
        <source>一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="64" />
        <source>二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="64" />
        <source>三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="64" />
        <source>四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="64" />
        <source>五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="64" />
        <source>六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="65" />
        <source>日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="66" />
        <source>上班</source>
        <translation>Work</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="66" />
        <source>休息</source>
        <translation>Off</translation>
    </message>
</context>
<context>
    <name>CoReportDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="462" />
        <source>协办团队办了什么</source>
        <translation>What the supporting team did</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="464" />
        <source>协办团队</source>
        <translation>Supporting teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="465" />
        <source>协办情况</source>
        <translation>Their part</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="16" />
        <source>处理冲突</source>
        <translation>Settle conflict</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="21" />
        <source>两台设备同时修改了{entity}的“{field}”。请选定保留哪一个,或填写新的值;你的决定会同步到所有设备。</source>
        <translation>Two devices changed '{field}' of {entity} at the same time. Choose which to keep, or enter a new value; your decision reaches every device.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="27" />
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="28" />
        <source>谁改的</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="29" />
        <source>什么时候</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="39" />
        <source>值已压缩</source>
        <translation>value compacted</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="41" />
        <source>这个值在本机已被压缩(被后来的修改取代后删去了内容),无法选用;可以选另一方的值,或填写新的值。</source>
        <translation>This value was compacted on this computer (its content was dropped once a later change replaced it) and cannot be chosen; choose the other value or enter a new one.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="51" />
        <source>新的值:</source>
        <translation>New value:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="60" />
        <source>保留</source>
        <translation>Keep</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/conflict_dialog.py" line="69" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>CoverageDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="69" />
        <source>走访覆盖:应走访而未走访的企业</source>
        <translation>Coverage: enterprises due for a visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="81" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="85" />
        <source>包联与走访计划…</source>
        <translation>Liaisons and visit plans…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="98" />
        <source>县级中心尚未设置走访覆盖规则。</source>
        <translation>The county hub has not set a coverage rule yet.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="101" />
        <source>{rule}({start} 至 {end}):已走访 {covered},本期待走访 {due},上期也未走访 {overdue},走访偏多且无未办结诉求 {often}</source>
        <translation>{rule} ({start} to {end}): visited {covered}, due {due}, none last period either {overdue}, visited often with no open issue {often}</translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="31" />
        <source>情况</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="31" />
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="31" />
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="31" />
        <source>包联单位</source>
        <translation>Liaison team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="31" />
        <source>包联团员</source>
        <translation>Liaison officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="32" />
        <source>本期走访</source>
        <translation>Visits this period</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="32" />
        <source>上期走访</source>
        <translation>Visits last period</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="32" />
        <source>最近走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="32" />
        <source>未办结诉求</source>
        <translation>Open issues</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../yimi_desktop/ui/excepthook.py" line="33" />
        <source>程序遇到了一个意外问题,刚才的操作可能没有完成。
详细情况已记入日志文件:
{path}
如果问题反复出现,请把这个文件交给技术支持人员。</source>
        <translation>Something unexpected went wrong; the last action may not have finished.
The details are in the log file:
{path}
If it happens again, please give this file to your support person.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/excepthook.py" line="78" />
        <source>意外问题</source>
        <translation>Unexpected problem</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="119" />
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="156" />
        <source>服务企业</source>
        <translation>Enterprises served</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="157" />
        <source>其中规上企业</source>
        <translation>Above-size enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="145" />
        <source>本月走访</source>
        <translation>Visits this month</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="160" />
        <source>累计走访</source>
        <translation>Visits in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="158" />
        <source>未办结诉求</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="124" />
        <source>我是:</source>
        <translation>I am:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="130" />
        <source>选择使用本机的团员,“我的待办”按此统计</source>
        <translation>Choose the officer using this laptop; 'My open issues' counts for them</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="126" />
        <source>姓名、拼音或首字母,Enter 确定</source>
        <translation>Name, pinyin or initials; Enter to choose</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="137" />
        <source>我的工作</source>
        <translation>My work</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="142" />
        <source>我的待办诉求</source>
        <translation>My open issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="143" />
        <source>本周到期</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="144" />
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="151" />
        <source>全县概况</source>
        <translation>County overview</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="159" />
        <source>累计诉求</source>
        <translation>Issues in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="161" />
        <source>惠企政策</source>
        <translation>Support policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="168" />
        <source>督办</source>
        <translation>Follow-through</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="174" />
        <source>督查清单(升级督办)</source>
        <translation>Supervision list (escalated)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="175" />
        <source>延期申请待批</source>
        <translation>Extensions to approve</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="175" />
        <source>延期申请待中心批准</source>
        <translation>Extensions waiting for the hub</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="176" />
        <source>应走访而未走访的企业</source>
        <translation>Enterprises due for a visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="177" />
        <source>本月走访计划</source>
        <translation>Visit plan this month</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="180" />
        <source>{n} 天未交数据包的笔记本</source>
        <translation>Laptops silent for {n} days</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="186" />
        <source>办理成效(本年)</source>
        <translation>Results (this year)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="190" />
        <source>办结率</source>
        <translation>Resolution rate</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="191" />
        <source>按时办结率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="192" />
        <source>超期率</source>
        <translation>Overdue rate</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="193" />
        <source>回访率</source>
        <translation>Follow-up rate</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="194" />
        <source>满意率</source>
        <translation>Satisfaction rate</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="203" />
        <source>按团队</source>
        <translation>By team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="204" />
        <source>按乡镇</source>
        <translation>By township</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="205" />
        <source>按类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="206" />
        <source>办结率(已办结/提出)</source>
        <translation>Resolution rate (resolved / raised)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="210" />
        <source>每月收集(蓝)与办结(绿)</source>
        <translation>Raised (blue) and resolved (green) by month</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="245" />
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="374" />
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="420" />
        <source>今天是 {date}</source>
        <translation>Today is {date}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="416" />
        <source>今天是 {date}。注意:工作日历缺少 {years} 年的节假日安排,按工作日计算到该年的时限会被拒绝;请县级中心补充日历后同步。</source>
        <translation>Today is {date}. Note: the working-day calendar has no holiday arrangement for {years}; deadlines counted in working days into that year are refused until the county hub adds it and syncs.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/dashboard.py" line="423" />
        <source>办理成效(本年,{team})</source>
        <translation>Results (this year, {team})</translation>
    </message>
</context>
<context>
    <name>DraftsBanner</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="50" />
        <source>继续草稿</source>
        <translation>Continue draft</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="51" />
        <source>或在草稿上按 Enter</source>
        <translation>or press Enter on a draft</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="52" />
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="70" />
        <source>{title} · 走访 {day} · 最后保存 {time}</source>
        <translation>{title} · visit {day} · last saved {time}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="71" />
        <source>(未选企业)</source>
        <translation>(no enterprise yet)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="80" />
        <source>有 {n} 份未完成的走访草稿,可以继续填写。</source>
        <translation>{n} unfinished visit draft(s) can be continued.</translation>
    </message>
</context>
<context>
    <name>DubanSettingsDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="129" />
        <source>督办设置:工作日历与办理时限规则</source>
        <translation>Follow-through settings: working-day calendar and handling-time rules</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="132" />
        <source>工作日历和规则由县级中心维护,随数据包同步到各笔记本。</source>
        <translation>The county hub keeps the calendar and the rules; packages bring them to every laptop.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="133" />
        <source>本机使用县级中心同步来的工作日历和规则,只能查看。</source>
        <translation>This computer uses the calendar and rules the hub sent; they can only be viewed here.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="156" />
        <source>工作日(上班)</source>
        <translation>Working day</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="157" />
        <source>休息日</source>
        <translation>Day off</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="159" />
        <source>例如 国庆节调休上班(可不填)</source>
        <translation>e.g. National Day make-up working day (optional)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="160" />
        <source>设置该日</source>
        <translation>Set this day</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="165" />
        <source>从日历数据包加入该年</source>
        <translation>Add this year from the calendar package</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="168" />
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="199" />
        <source>阶段:transfer 转办、co_report 协办反馈、progress 进展、resolve 办结、follow_up 回访、cap 最长时限(延期不能超过);数字为工作日,加 m 为月,加 d 为自然日。例如 transfer:3,resolve:15,cap:30</source>
        <translation>Stages: transfer, co_report, progress, resolve, follow_up, cap (the latest an extension may reach); numbers are working days, m months, d calendar days. E.g. transfer:3,resolve:15,cap:30</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="209" />
        <source>勾选的诉求类别交办时默认建议此规则(空格键勾选);一个类别只建议一条规则</source>
        <translation>Issues of the ticked categories are assigned with this rule by default (Space ticks); a category suggests one rule</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="210" />
        <source>未指定规则的类别用此规则</source>
        <translation>Use this rule for categories without one</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="211" />
        <source>保存规则</source>
        <translation>Save rule</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="214" />
        <source>规则名称</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="215" />
        <source>阶段时限</source>
        <translation>Stage deadlines</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="216" />
        <source>建议用于类别</source>
        <translation>Suggested for</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="225" />
        <source>工作日历</source>
        <translation>Working-day calendar</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="226" />
        <source>办理时限规则</source>
        <translation>Handling-time rules</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="228" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="265" />
        <source>{n} 个节假日与调休日(来源:{source})</source>
        <translation>{n} holidays and make-up days (source: {source})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="268" />
        <source>本机日历没有 {year} 年的安排:按工作日计算到该年的时限会被拒绝。</source>
        <translation>This computer's calendar has no {year}: deadlines counted in working days into that year are refused.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="332" />
        <source>用注册文件注册本机</source>
        <translation>Enrol this laptop with an enrolment file</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="336" />
        <source>选择县级中心给本机的注册文件,输入当面告知的注册码。本机已有的记录都会保留,注册后即可与县级中心交换数据包。</source>
        <translation>Choose the enrolment file the county hub made for this laptop and type the code you were told in person. The records already on this laptop are kept; once enrolled, it can exchange packages with the hub.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="351" />
        <source>注册</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="365" />
        <source>正在核对注册码并导入县级数据,需要几秒钟…</source>
        <translation>Checking the code and importing the county data; this takes a few seconds…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="369" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>EnrolForm</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="225" />
        <source>县级中心给本机的注册文件(.yimi-enrol)</source>
        <translation>The enrolment file from the county hub (.yimi-enrol)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="226" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="244" />
        <source>注册文件:</source>
        <translation>Enrolment file:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="245" />
        <source>注册码:</source>
        <translation>Enrolment code:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="245" />
        <source>16位数字,由县级中心当面告知;中间的空格或横线可输可不输。</source>
        <translation>16 digits, told to you in person by the hub; spaces or dashes between them are optional.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="260" />
        <source>选择注册文件</source>
        <translation>Choose the enrolment file</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="261" />
        <source>注册文件 (*.yimi-enrol)</source>
        <translation>Enrolment files (*.yimi-enrol)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="273" />
        <source>请选择县级中心给本机的注册文件。</source>
        <translation>Choose the enrolment file the county hub made for this laptop.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="275" />
        <source>找不到注册文件:{path}</source>
        <translation>Enrolment file not found: {path}</translation>
    </message>
</context>
<context>
    <name>EnrolledPanel</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="288" />
        <source>注册成功</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="291" />
        <source>请与县级中心屏幕上显示的指纹逐位核对:一致,才说明注册文件确实来自县级中心;不一致时请不要使用本机同步,并立即联系县级中心。</source>
        <translation>Compare these fingerprints, character by character, with the ones on the hub's screen: only if they match did the file really come from the county hub. If they differ, do not sync with this laptop and contact the hub at once.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="303" />
        <source>县级中心:</source>
        <translation>County hub:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="304" />
        <source>县级中心指纹:</source>
        <translation>Hub fingerprint:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="305" />
        <source>本机名称:</source>
        <translation>This laptop:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="306" />
        <source>本机指纹:</source>
        <translation>This laptop's fingerprint:</translation>
    </message>
</context>
<context>
    <name>EnterpriseDetailPane</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="89" />
        <source>在左侧列表中选择一家企业,这里显示它的详细信息。</source>
        <translation>Select an enterprise in the list to see its details here.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="145" />
        <source>新建走访 (Ctrl+Shift+N)</source>
        <translation>New visit (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="146" />
        <source>查看全部诉求</source>
        <translation>All its issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="160" />
        <source>企业档案PDF</source>
        <translation>Dossier PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="167" />
        <source>政策告知单PDF</source>
        <translation>Policy notice PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="168" />
        <source>按企业的行业、规模和乡镇列出今天有效的相关政策，一页，走访时打印</source>
        <translation>One page of the policies in force today that fit the enterprise's industry, size and township, to print during a visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="195" />
        <source>未办结诉求 {n} 个</source>
        <translation>{n} open issue(s)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="202" />
        <source>超期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="210" />
        <source>走访记录 {n} 次</source>
        <translation>{n} visit(s)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="214" />
        <source>诉求 {n} 个</source>
        <translation>{n} issue(s)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="239" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="239" />
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="70" />
        <source>新增企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="70" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="76" />
        <source>营业执照上的全称</source>
        <translation>Full name as on the business licence</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="79" />
        <source>18位,如 91410223MA4XXXXXXX</source>
        <translation>18 characters, e.g. 91410223MA4XXXXXXX</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="92" />
        <source>规模以上企业(规上企业)</source>
        <translation>Above designated size (规上企业)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="97" />
        <source>手机或座机,如 0371-27981234</source>
        <translation>Mobile or landline, e.g. 0371-27981234</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="113" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="114" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="123" />
        <source>带 * 的为必填项。</source>
        <translation>Fields marked * are required.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="236" />
        <source>已输入 {n}/18 位</source>
        <translation>{n}/18 characters entered</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enterprise_dialog.py" line="240" />
        <source>✓ 代码有效,校验位正确</source>
        <translation>✓ Valid code, check character correct</translation>
    </message>
</context>
<context>
    <name>EnterpriseTableModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/enterprise_model.py" line="45" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/enterprise_model.py" line="45" />
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="314" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="318" />
        <source>新增企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="320" />
        <source>新增企业 (Ctrl+N)</source>
        <translation>New enterprise (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="321" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="323" />
        <source>编辑所选企业 (F2 / Enter / 双击)</source>
        <translation>Edit the selected enterprise (F2 / Enter / double-click)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="325" />
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="326" />
        <source>录错或重复的企业:作废后不再出现在名录、选择列表和统计中,保留在历史里</source>
        <translation>An enterprise entered by mistake or twice: once voided it leaves the directory, the pickers and the figures, and stays in the history</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="335" />
        <source>导出企业名录…</source>
        <translation>Export the directory…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="335" />
        <source>企业名录</source>
        <translation>enterprise directory</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="351" />
        <source>名称、信用代码、拼音或首字母</source>
        <translation>Name, credit code, pinyin or initials</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="352" />
        <source>搜索 (Ctrl+F);Esc 清空;↓ 进入列表</source>
        <translation>Search (Ctrl+F); Esc clears; ↓ goes to the list</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="354" />
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="356" />
        <source>全部行业</source>
        <translation>All industries</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="358" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="359" />
        <source>规上企业</source>
        <translation>Above-size</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="360" />
        <source>规下企业</source>
        <translation>Below size</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="556" />
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="578" />
        <source>共 {n} 家</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="721" />
        <source>作废企业</source>
        <translation>Void enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/enterprises.py" line="728" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
</context>
<context>
    <name>ExcelActions</name>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="40" />
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="41" />
        <source>从Excel导入、下载导入模板、导出为Excel (Ctrl+Shift+E)</source>
        <translation>Import from Excel, download an import template, export to Excel (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="47" />
        <source>Excel 导入导出菜单</source>
        <translation>Excel import and export menu</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="50" />
        <source>导入Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="51" />
        <source>下载导入模板…</source>
        <translation>Download the import template…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="64" />
        <source>导入企业名录</source>
        <translation>Import the enterprise directory</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="64" />
        <source>导入团员名单</source>
        <translation>Import the officer list</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="65" />
        <source>导入惠企政策清单</source>
        <translation>Import the policy list</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="68" />
        <source>企业名录模板.xlsx</source>
        <translation>enterprise-directory-template.xlsx</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="68" />
        <source>团员名单模板.xlsx</source>
        <translation>officer-list-template.xlsx</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="69" />
        <source>政策清单模板.xlsx</source>
        <translation>policy-list-template.xlsx</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="107" />
        <source>保存Excel</source>
        <translation>Save as Excel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="108" />
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="132" />
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="133" />
        <source>已保存 {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="134" />
        <source>已导出 {rows} 行:{path}</source>
        <translation>Exported {rows} rows: {path}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="142" />
        <source>未能导出</source>
        <translation>Could not export</translation>
    </message>
</context>
<context>
    <name>ExtensionDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="435" />
        <source>为什么不能按期办结(必填)</source>
        <translation>Why it cannot be resolved in time (required)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="437" />
        <source>现办理时限</source>
        <translation>Present deadline</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="438" />
        <source>申请延期至</source>
        <translation>Extend to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="439" />
        <source>延期理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="158" />
        <source>导入本县名单</source>
        <translation>Import the county's lists</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/spreadsheet_actions.py" line="159" />
        <source>新的县级中心还没有企业、团员和政策。现在从 Excel 导入本县的企业名录吗?(团员名单和政策清单可在“团队”“政策”页的 Excel 按钮导入。)</source>
        <translation>The new county hub has no enterprises, officers or policies yet. Import the county's enterprise directory from Excel now? (The officer and policy lists are imported with the Excel button of the Teams and Policies pages.)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="30" />
        <source>一米团走访与诉求台账 — 首次使用</source>
        <translation>One-Meter Team Visits &amp; Issues — first start</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="36" />
        <source>欢迎使用一米团走访与诉求台账</source>
        <translation>Welcome to One-Meter Team Visits &amp; Issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="38" />
        <source>本机还没有数据库,将新建在:{path}</source>
        <translation>There is no database on this computer yet; it will be created at: {path}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="39" />
        <source>请选择如何开始:</source>
        <translation>How do you want to start?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="46" />
        <source>用注册文件注册本笔记本(&amp;E)</source>
        <translation>&amp;Enrol this laptop with an enrolment file</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="47" />
        <source>县级中心已为本机办理了注册:选择U盘上的注册文件,输入当面告知的注册码。注册后即可同步。</source>
        <translation>The county hub has enrolled this laptop: choose the enrolment file on the stick and type the code you were told in person. Once enrolled, it can sync.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="48" />
        <source>设为县级中心(&amp;H)</source>
        <translation>Set up as the county &amp;hub</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="49" />
        <source>县一米团办公室的电脑:汇总全县数据,交办诉求,为各台笔记本办理注册。全县只设一个。</source>
        <translation>The One-Meter Team office's computer: gathers the county's data, assigns issues and enrols the laptops. One per county.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="50" />
        <source>暂不注册,先记录(&amp;L)</source>
        <translation>Record now, enrol &amp;later</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="51" />
        <source>先在本机记录走访和诉求;拿到注册文件后在“同步”页注册。注册之前不能同步。</source>
        <translation>Record visits and issues on this laptop now; enrol it on the Sync page once you have an enrolment file. It cannot sync before then.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="65" />
        <source>例如:尉氏县一米团办公室</source>
        <translation>e.g. Weishi County One-Meter Team office</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="68" />
        <source>例如:金融专业一米团-笔记本1</source>
        <translation>e.g. Finance team laptop 1</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="71" />
        <source>中心名称:</source>
        <translation>Hub name:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="72" />
        <source>本机名称:</source>
        <translation>Laptop name:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="73" />
        <source>县级中心为本机注册时,本机会改用注册文件里的名称。</source>
        <translation>When the hub enrols this laptop, it takes the name in the enrolment file.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="96" />
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="97" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="137" />
        <source>正在核对注册码并导入县级数据,需要几秒钟…</source>
        <translation>Checking the code and importing the county data; this takes a few seconds…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="143" />
        <source>请填写名称。</source>
        <translation>Please enter a name.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="145" />
        <source>正在新建数据库…</source>
        <translation>Creating the database…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/first_run_dialog.py" line="153" />
        <source>进入系统</source>
        <translation>Open the application</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="380" />
        <source>注意:选择“不满意”后,诉求将退回承办团队,状态变为“办理中”。</source>
        <translation>Note: 'Not satisfied' sends the issue back to the handling team as 'In progress'.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="385" />
        <source>回访方式、企业的意见</source>
        <translation>How the follow-up was made, the enterprise's opinion</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="387" />
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="389" />
        <source>回访情况</source>
        <translation>Follow-up notes</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/form.py" line="51" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/form.py" line="53" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="69" />
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="73" />
        <source>&lt;h3&gt;使用说明&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1. 我是&lt;/b&gt;:在工作台输入自己的姓名或拼音首字母,选定使用本机的团员。&lt;/p&gt;&lt;p&gt;&lt;b&gt;2. 走访&lt;/b&gt;:走访页按 Ctrl+N 新建;选企业、日期、时间(Tab 到下一项,←→ 在年月日之间移动),填写团员、宣讲政策、企业诉求;随时自动保存草稿,完成后不再丢失。&lt;/p&gt;&lt;p&gt;&lt;b&gt;3. 诉求台账&lt;/b&gt;:按状态、日期、团队筛选,交办、办结、回访都在右侧详情里完成。&lt;/p&gt;&lt;p&gt;&lt;b&gt;4. 报表&lt;/b&gt;:选择期间和团队,生成工作简报或问题台账PDF。&lt;/p&gt;&lt;p&gt;&lt;b&gt;5. 同步&lt;/b&gt;:插入U盘,导出给县中心或导入对方的数据包;两台设备改了同一项时在同步页处理冲突。&lt;/p&gt;</source>
        <translation>&lt;h3&gt;How to use&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1. I am&lt;/b&gt;: on the Dashboard type your name or its pinyin initials to choose the officer using this laptop.&lt;/p&gt;&lt;p&gt;&lt;b&gt;2. Visits&lt;/b&gt;: Ctrl+N on the Visits page starts one; choose the enterprise, date and times (Tab goes to the next field, ←→ moves between year, month and day), then the officers, policies briefed and the enterprise's issues; drafts are saved as you type, nothing is lost.&lt;/p&gt;&lt;p&gt;&lt;b&gt;3. Ledger&lt;/b&gt;: filter by status, dates and team; assign, resolve and follow up in the detail on the right.&lt;/p&gt;&lt;p&gt;&lt;b&gt;4. Reports&lt;/b&gt;: choose the period and team and make the briefing or the ledger as a PDF.&lt;/p&gt;&lt;p&gt;&lt;b&gt;5. Sync&lt;/b&gt;: plug in the USB stick, export for the county office or import its package; when two devices changed the same field, settle it on the Sync page.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="83" />
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="87" />
        <source>按键</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="87" />
        <source>作用</source>
        <translation>Does</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="87" />
        <source>在哪一页</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="91" />
        <source>所有页面</source>
        <translation>Every page</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="98" />
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/help_dialog.py" line="101" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="54" />
        <source>选择 Excel 文件(.xlsx)</source>
        <translation>Choose an Excel file (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="55" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="57" />
        <source>下载模板…</source>
        <translation>Download template…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="58" />
        <source>带下拉选项、示例行和填写说明的空白表格</source>
        <translation>An empty list with drop-downs, an example row and notes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="66" />
        <source>先选择文件:系统会逐行试导入,列出新增、更新、无变化和被拒绝的行,确认后才写入。</source>
        <translation>Choose a file first: every row is tried and listed as new, update, unchanged or refused; nothing is written until you confirm.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="69" />
        <source>只看被拒绝的行</source>
        <translation>Only refused rows</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="73" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="98" />
        <source>确认导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="102" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="120" />
        <source>选择 Excel 文件</source>
        <translation>Choose an Excel file</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="121" />
        <source>Excel 表格 (*.xlsx *.xlsm *.xls *.ods);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.xls *.ods);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="132" />
        <source>正在试导入…</source>
        <translation>Trying the import…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="139" />
        <source>保存模板</source>
        <translation>Save the template</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="140" />
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="151" />
        <source>模板已保存:{path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="193" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="199" />
        <source>试导入(尚未写入)</source>
        <translation>Dry run (nothing written yet)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="207" />
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="214" />
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="225" />
        <source>{verb}:新增 {new} 行,更新 {update} 行,无变化 {same} 行,拒绝 {refused} 行。</source>
        <translation>{verb}: {new} new, {update} updated, {same} unchanged, {refused} refused.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/import_dialog.py" line="229" />
        <source>(工作表“{sheet}”,表头在第 {row} 行)</source>
        <translation>(sheet '{sheet}', header in row {row})</translation>
    </message>
</context>
<context>
    <name>ImportPlanModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="29" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="29" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="29" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="29" />
        <source>代码/单位</source>
        <translation>Code / department</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="29" />
        <source>原因或变化</source>
        <translation>Reason or change</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="30" />
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="30" />
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="31" />
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="31" />
        <source>拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/import_plan_model.py" line="32" />
        <source>更改:</source>
        <translation>Changes: </translation>
    </message>
</context>
<context>
    <name>IssueActionDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="90" />
        <source>{action}:{title}</source>
        <translation>{action}: {title}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="93" />
        <source>{enterprise} · {title}(当前状态:{status})</source>
        <translation>{enterprise} · {title} (now: {status})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="103" />
        <source>事情发生的日期(默认今天)</source>
        <translation>The day it happened (default today)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="105" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="115" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="117" />
        <source>确定 (Ctrl+Enter)</source>
        <translation>OK (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="118" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IssueDetailPane</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="94" />
        <source>在左侧台账中选择一条诉求,这里显示它的详情和办理记录。</source>
        <translation>Select an issue in the ledger to see its details and history here.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="102" />
        <source>交办(&amp;A)</source>
        <translation>&amp;Assign</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="102" />
        <source>开始办理(&amp;S)</source>
        <translation>&amp;Start work</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="103" />
        <source>办理进展(&amp;P)</source>
        <translation>&amp;Progress</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="103" />
        <source>办结(&amp;R)</source>
        <translation>&amp;Resolve</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="104" />
        <source>无法解决(&amp;X)</source>
        <translation>Cannot resolve (&amp;X)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="104" />
        <source>回访(&amp;V)</source>
        <translation>Follow-up (&amp;V)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="105" />
        <source>重新办理(&amp;O)</source>
        <translation>Re&amp;open</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="105" />
        <source>备注(&amp;M)</source>
        <translation>Co&amp;mment</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="106" />
        <source>协办反馈</source>
        <translation>Co-report</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="106" />
        <source>延期申请</source>
        <translation>Ask extension</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="107" />
        <source>批准延期</source>
        <translation>Approve ext.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="107" />
        <source>驳回延期</source>
        <translation>Reject ext.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="108" />
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="108" />
        <source>改派</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="109" />
        <source>升级督办</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="109" />
        <source>销号</source>
        <translation>Close off</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="154" />
        <source>查看企业</source>
        <translation>Open enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="175" />
        <source>办理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="220" />
        <source>{status} · 超期</source>
        <translation>{status} · overdue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="222" />
        <source>{status} · 临期</source>
        <translation>{status} · due soon</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="237" />
        <source>已超过办理时限</source>
        <translation>Past its deadline</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="238" />
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="254" />
        <source>时限规则:{rule}</source>
        <translation>Rule: {rule}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="257" />
        <source>✓ {date}</source>
        <translation>✓ {date}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="260" />
        <source>剩{n}个工作日</source>
        <translation>{n} working days left</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="260" />
        <source>超期{n}个工作日</source>
        <translation>{n} working days overdue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="262" />
        <source>日历缺 {year} 年</source>
        <translation>calendar lacks {year}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="269" />
        <source>协办:{teams}</source>
        <translation>Supporting: {teams}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="271" />
        <source>申请延期至 {date},待中心批准</source>
        <translation>Extension asked to {date}, waiting for the hub</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="273" />
        <source>已批准延期</source>
        <translation>Extended</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="275" />
        <source>{date} 升级督办:{reason}</source>
        <translation>Escalated {date}: {reason}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_detail.py" line="278" />
        <source>{date} 已销号</source>
        <translation>Closed off {date}</translation>
    </message>
</context>
<context>
    <name>IssueFilterBar</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="43" />
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="43" />
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="44" />
        <source>本周到期</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="44" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="44" />
        <source>我的待办</source>
        <translation>My open issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="53" />
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="54" />
        <source>显示全部诉求</source>
        <translation>Show all issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="58" />
        <source>快捷:</source>
        <translation>Quick:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="67" />
        <source>状态:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="74" />
        <source>可多选;都不选即全部状态</source>
        <translation>Pick several; none means every status</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="78" />
        <source>只看超期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="92" />
        <source>提出日期</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="93" />
        <source>办结日期</source>
        <translation>Resolved on</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="98" />
        <source>取消限定</source>
        <translation>Remove limit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="170" />
        <source>全部团队</source>
        <translation>All teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="176" />
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="179" />
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/issue_filters.py" line="225" />
        <source>限定于 {scope}</source>
        <translation>Limited to {scope}</translation>
    </message>
</context>
<context>
    <name>IssueTableModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="72" />
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="104" />
        <source>{stage} {date}(日历缺{year}年)</source>
        <translation>{stage} {date} (calendar lacks {year})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="107" />
        <source>{stage} 超期{n}个工作日</source>
        <translation>{stage}: {n} wd late</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="109" />
        <source>{stage} 今日到期</source>
        <translation>{stage}: due today</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="110" />
        <source>{stage} 剩{n}个工作日</source>
        <translation>{stage}: {n} wd left</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="115" />
        <source>{date} 超期{n}天</source>
        <translation>{date} ({n} days overdue)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="118" />
        <source>{date} 今天到期</source>
        <translation>{date} (due today)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="119" />
        <source>{date} 剩{n}天</source>
        <translation>{date} ({n} days left)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="154" />
        <source>此列不能排序</source>
        <translation>This column cannot be sorted</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="180" />
        <source>主办:{lead}
协办:{co}</source>
        <translation>Lead: {lead}
Supporting: {co}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="185" />
        <source>{stage}时限:{date};办结时限:{deadline}</source>
        <translation>{stage} due {date}; resolve by {deadline} (wd: working days)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="189" />
        <source>已超过办理时限</source>
        <translation>Past its deadline</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/issue_model.py" line="189" />
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
</context>
<context>
    <name>IssuesPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="63" />
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="92" />
        <source>问题台账</source>
        <translation>Issue ledger</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="77" />
        <source>登记诉求</source>
        <translation>Record issue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="79" />
        <source>登记电话、来访、12345热线、部门转来等不经走访的诉求</source>
        <translation>Record an issue that came by phone, in person, the 12345 hotline or from a department, without a visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="82" />
        <source>工作日历与时限规则</source>
        <translation>Calendar and rules</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="84" />
        <source>督办设置:工作日历(含调休)和办理时限规则,由县级中心维护</source>
        <translation>Working-day calendar (with make-up days) and handling-time rules, kept by the county hub</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="87" />
        <source>导出台账PDF</source>
        <translation>Ledger PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="88" />
        <source>按当前筛选生成问题台账(A4横向),可打印上报</source>
        <translation>The ledger with the current filter as a landscape A4 PDF, to print and report</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="92" />
        <source>导出台账Excel…</source>
        <translation>Export the ledger to Excel…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="94" />
        <source>导出回填表(所选团队)…</source>
        <translation>Export the returns sheet (team filtered on)…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="94" />
        <source>回填表</source>
        <translation>returns sheet</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="97" />
        <source>导入回填表…</source>
        <translation>Import a returns sheet…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="102" />
        <source>企业名称、拼音或首字母,诉求标题或内容</source>
        <translation>Enterprise name, pinyin or initials, issue title or text</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="103" />
        <source>搜索 (Ctrl+F);Esc 清空;↓ 进入列表</source>
        <translation>Search (Ctrl+F); Esc clears; ↓ goes to the list</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="112" />
        <source>本机团员经办的未办结诉求(在工作台选择使用本机的团员)</source>
        <translation>Open issues handled by this device's officer (chosen on the dashboard)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="188" />
        <source>尚未选择使用本机的团员:请在工作台的“我的工作”中选择,再看“我的待办”。</source>
        <translation>No officer is set for this device: choose one under 'My work' on the dashboard, then look at 'My open issues'.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="207" />
        <source>导出回填表</source>
        <translation>Export the returns sheet</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="208" />
        <source>请先在台账的“承办团队”筛选中选择一个团队,再导出该团队的回填表。</source>
        <translation>Choose a team in the ledger's team filter first, then export that team's returns sheet.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="222" />
        <source>导入回填表</source>
        <translation>Import a returns sheet</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="268" />
        <source>企业:{name}</source>
        <translation>Enterprise: {name}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="270" />
        <source>经办人:{name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="272" />
        <source>督查清单(升级督办)</source>
        <translation>Supervision list (escalated)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="274" />
        <source>延期申请待批</source>
        <translation>Extensions to approve</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="321" />
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/issues.py" line="326" />
        <source>超期 {n}</source>
        <translation>overdue {n}</translation>
    </message>
</context>
<context>
    <name>LiaisonPlanDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="169" />
        <source>包联与走访计划</source>
        <translation>Liaisons and visit plans</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="181" />
        <source>企业名称或乡镇</source>
        <translation>Enterprise name or township</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="184" />
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="184" />
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="185" />
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="203" />
        <source>包联单位</source>
        <translation>Liaison team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="185" />
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="205" />
        <source>包联团员</source>
        <translation>Liaison officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="200" />
        <source>设为所选企业的包联</source>
        <translation>Set for the selected enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="212" />
        <source>可按住 Shift 或 Ctrl 选择多家企业,一次设定同一包联。</source>
        <translation>Hold Shift or Ctrl to select several enterprises and set the same liaison at once.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="224" />
        <source>筛选企业名称或乡镇</source>
        <translation>Filter by enterprise name or township</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="229" />
        <source>保存走访计划</source>
        <translation>Save the visit plan</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="232" />
        <source>团队</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="234" />
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="247" />
        <source>包联</source>
        <translation>Liaisons</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="248" />
        <source>走访计划</source>
        <translation>Visit plan</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="250" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="253" />
        <source>包联和走访计划由县级中心设定,随数据包同步到各笔记本。</source>
        <translation>Liaisons and visit plans are set at the county hub and reach the laptops in packages.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="287" />
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="288" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="319" />
        <source>(已走访 {date})</source>
        <translation> (visited {date})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="340" />
        <source>计划走访 {n} 家</source>
        <translation>{n} enterprises planned</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="355" />
        <source>已设定 {n} 家企业的包联。</source>
        <translation>Liaison set for {n} enterprises.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="368" />
        <source>{team} {month} 的走访计划已保存:{n} 家。</source>
        <translation>Visit plan of {team} for {month} saved: {n} enterprises.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="81" />
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="158" />
        <source>使用说明(&amp;U)</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="159" />
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="92" />
        <source>一米团走访与诉求台账</source>
        <translation>One-Meter Team Visits &amp; Issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="94" />
        <source>演示数据库</source>
        <translation>Demo database</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="99" />
        <source>本机:{name}({role})</source>
        <translation>This device: {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="137" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="138" />
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="141" />
        <source>备份与恢复(&amp;B)…</source>
        <translation>&amp;Backup and restore…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="143" />
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="147" />
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="157" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="162" />
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="281" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/main_window.py" line="282" />
        <source>一米团走访与诉求台账 {version}
尉氏县一米团离线桌面软件:记录走访、跟踪诉求、打印台账、U盘同步。
界面与PDF字体:文泉驿微米黑 WenQuanYi Micro Hei(Apache 2.0)</source>
        <translation>One-Meter Team Visits &amp; Issues {version}
Offline desktop application of Weishi County's One-Meter Teams: record visits, follow issues, print ledgers, sync by USB stick.
UI and PDF font: WenQuanYi Micro Hei (Apache 2.0)</translation>
    </message>
</context>
<context>
    <name>MemberPicker</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="45" />
        <source>筛选团员:姓名、单位、拼音或首字母</source>
        <translation>Filter officers: name, department, pinyin or initials</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="56" />
        <source>空格键勾选或取消</source>
        <translation>Space ticks or unticks</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="104" />
        <source>已选 {n} 人</source>
        <translation>{n} chosen</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="203" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="203" />
        <source>单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="203" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="203" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="248" />
        <source>团长</source>
        <translation>Leader</translation>
    </message>
</context>
<context>
    <name>MultiPicker</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/pickers.py" line="249" />
        <source>Delete 键移除</source>
        <translation>Delete removes it</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="22" />
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="23" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="24" />
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="25" />
        <source>问题台账</source>
        <translation>Issue ledger</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="26" />
        <source>政策</source>
        <translation>Policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="27" />
        <source>团队</source>
        <translation>Teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="28" />
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/registry.py" line="29" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>NewDeviceDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="25" />
        <source>注册新笔记本</source>
        <translation>Enrol a new laptop</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="29" />
        <source>为一台笔记本办理注册:生成它的密钥和注册文件(含全县当前数据)。注册文件用一次性注册码加密,只有知道注册码的人才能打开。</source>
        <translation>Enrol a laptop: this makes its keys and its enrolment file (with the county's current data). The file is encrypted with a one-time code; only someone who knows the code can open it.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="34" />
        <source>例如:金融专业一米团-笔记本3</source>
        <translation>e.g. Finance team laptop 3</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="37" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="45" />
        <source>笔记本名称:</source>
        <translation>Laptop name:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="46" />
        <source>保存到:</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="46" />
        <source>默认存到同步页所选的U盘。注册码不会写进U盘。</source>
        <translation>By default, the stick selected on the Sync page. The code is never written to the stick.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="61" />
        <source>注册码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="72" />
        <source>请当面把注册码告诉使用这台笔记本的同志(念给他听,或请他看这块屏幕)。不要把注册码写在U盘上,也不要和注册文件放在一起。</source>
        <translation>Tell the code in person to the officer who will use this laptop (read it out, or let them see this screen). Do not write it on the stick or keep it with the enrolment file.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="76" />
        <source>关闭本窗口后不再显示注册码;如果遗失,请注销这台笔记本后重新注册。</source>
        <translation>The code is not shown again once this window closes; if it is lost, revoke this laptop and enrol it again.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="84" />
        <source>新笔记本指纹:</source>
        <translation>New laptop's fingerprint:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="85" />
        <source>县级中心指纹:</source>
        <translation>Hub fingerprint:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="97" />
        <source>笔记本注册成功后会显示这两个指纹,请与下面的核对:</source>
        <translation>Once enrolled, the laptop shows these two fingerprints; compare them with these:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="105" />
        <source>注册</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="113" />
        <source>注册文件保存到</source>
        <translation>Save the enrolment file to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="124" />
        <source>请填写笔记本名称。</source>
        <translation>Please enter the laptop's name.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="127" />
        <source>请先插入U盘或选择一个文件夹。</source>
        <translation>Plug in a USB stick or choose a folder first.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="135" />
        <source>正在生成密钥和注册文件,需要几秒钟…</source>
        <translation>Making the keys and the enrolment file; this takes a few seconds…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="140" />
        <source>已为“{name}”办理注册,注册文件已写入:</source>
        <translation>“{name}” is enrolled; its enrolment file was written to:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="146" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>OfficerDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="43" />
        <source>新增团员</source>
        <translation>New officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="43" />
        <source>编辑团员</source>
        <translation>Edit officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="45" />
        <source>姓名 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="46" />
        <source>所在单位 *</source>
        <translation>Department *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="47" />
        <source>如 县金融工作局</source>
        <translation>e.g. County Finance Office</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="52" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="53" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="54" />
        <source>手机11位,或座机如 0371-27981234</source>
        <translation>11-digit mobile, or landline like 0371-27981234</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="57" />
        <source>加入团队</source>
        <translation>Join team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="58" />
        <source>(暂不加入)</source>
        <translation>(none for now)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/officer_dialog.py" line="69" />
        <source>所在团队</source>
        <translation>Teams</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../yimi_desktop/ui/operations.py" line="311" />
        <source>未能完成</source>
        <translation>Could not finish</translation>
    </message>
</context>
<context>
    <name>PeriodFilter</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/period_filter.py" line="31" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/period_filter.py" line="41" />
        <source>不限</source>
        <translation>Any</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="128" />
        <source>{team} {month} 走访计划</source>
        <translation>Visit plan of {team}, {month}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="130" />
        <source>已走访 {done} 家,计划 {total} 家(县级中心制定)</source>
        <translation>Visited {done} of {total} planned (set by the county hub)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="134" />
        <source>✓ {date}</source>
        <translation>✓ {date}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="134" />
        <source>待走访</source>
        <translation>to visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/coverage_dialog.py" line="140" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="127" />
        <source>政策</source>
        <translation>Policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="131" />
        <source>新增政策</source>
        <translation>New policy</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="133" />
        <source>新增政策 (Ctrl+N)</source>
        <translation>New policy (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="134" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="136" />
        <source>编辑所选政策 (F2 / Enter / 双击)</source>
        <translation>Edit the selected policy (F2 / Enter / double-click)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="148" />
        <source>政策汇编PDF</source>
        <translation>Policy booklet PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="149" />
        <source>今天有效的政策（按所选类别）汇编成册，可打印发放 (Ctrl+P)</source>
        <translation>A booklet of the policies in force today (of the chosen category) to print and hand out (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="164" />
        <source>政策名称、文号、拼音或首字母</source>
        <translation>Title, document number, pinyin or initials</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="165" />
        <source>搜索 (Ctrl+F);Esc 清空;↓ 进入列表</source>
        <translation>Search (Ctrl+F); Esc clears; ↓ goes to the list</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="167" />
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="311" />
        <source>编辑政策</source>
        <translation>Edit policy</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="239" />
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
</context>
<context>
    <name>PolicyDetailPane</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="55" />
        <source>通俗解读</source>
        <translation>Plain-language summary</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="60" />
        <source>在左侧列表中选择一条政策,这里显示它的通俗解读。</source>
        <translation>Select a policy in the list to see its plain-language summary here.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/policies.py" line="86" />
        <source>有效期:{period}</source>
        <translation>Valid: {period}</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="55" />
        <source>新增政策</source>
        <translation>New policy</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="55" />
        <source>编辑政策</source>
        <translation>Edit policy</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="59" />
        <source>政策名称 *</source>
        <translation>Title *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="60" />
        <source>发文层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="63" />
        <source>发文单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="64" />
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="65" />
        <source>如 豫政〔2020〕5号</source>
        <translation>e.g. 豫政〔2020〕5号</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="66" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="69" />
        <source>通俗解读 *</source>
        <translation>Plain-language summary *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="70" />
        <source>用企业听得懂的话说清:谁能享受、能得到什么、怎么申请</source>
        <translation>In words an enterprise understands: who qualifies, what they get, how to apply</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="73" />
        <source>有效期自</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="73" />
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="74" />
        <source>有效期至</source>
        <translation>Valid to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/policy_dialog.py" line="74" />
        <source>长期有效</source>
        <translation>No end date</translation>
    </message>
</context>
<context>
    <name>PolicyTableModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="53" />
        <source>政策名称</source>
        <translation>Policy</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="53" />
        <source>发文层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="53" />
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="53" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="54" />
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="54" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="55" />
        <source>有效</source>
        <translation>In force</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="55" />
        <source>已失效</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="56" />
        <source>未生效</source>
        <translation>Not yet in force</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="88" />
        <source>不限</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="89" />
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/policy_model.py" line="90" />
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="271" />
        <source>打印预览 - %1</source>
        <translation>Print preview - %1</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="279" />
        <location filename="../../yimi_desktop/ui/report_actions.py" line="451" />
        <source>已保存到：%1</source>
        <translation>Saved to: %1</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="290" />
        <source>注意：字体中没有以下字符，已印作“〓”加编码，请手写补上：%1</source>
        <translation>Note: the font has no glyph for these characters; they print as “〓” with their code, please write them in by hand: %1</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="294" />
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="295" />
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="298" />
        <source>共 %1 页</source>
        <translation>of %1</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="299" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="300" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="314" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="316" />
        <source>打印（Ctrl+P）</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="317" />
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="318" />
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="319" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="327" />
        <source>无法在程序内预览（缺少 pypdfium2），文件已保存在上面的位置。</source>
        <translation>No preview in the app (pypdfium2 is missing); the file is saved where shown above.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="399" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="399" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="404" />
        <source>无法打印</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="404" />
        <source>打印机无法开始打印。</source>
        <translation>The printer could not start printing.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="431" />
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="431" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="447" />
        <source>另存失败</source>
        <translation>Saving failed</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="448" />
        <source>无法写入%1：%2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
</context>
<context>
    <name>RaiseIssueDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="511" />
        <source>登记诉求(电话、来访、热线等)</source>
        <translation>Record an issue (phone, walk-in, hotline…)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="516" />
        <source>企业名称、拼音或首字母,Enter 确定</source>
        <translation>Enterprise name, pinyin or initials; Enter to choose</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="527" />
        <source>一句话说清诉求</source>
        <translation>The issue in one sentence</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="530" />
        <source>具体情况(可不填)</source>
        <translation>Details (optional)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="535" />
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="536" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="537" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="538" />
        <source>诉求</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="539" />
        <source>具体情况</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="540" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="548" />
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="549" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="568" />
        <source>请先选择企业。</source>
        <translation>Choose the enterprise first.</translation>
    </message>
</context>
<context>
    <name>ReportSaver</name>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="104" />
        <source>保存PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="104" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="139" />
        <source>正在生成PDF：%1</source>
        <translation>Making the PDF: %1</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="139" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="142" />
        <source>生成PDF</source>
        <translation>Making a PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="205" />
        <location filename="../../yimi_desktop/ui/report_actions.py" line="222" />
        <source>无法生成PDF</source>
        <translation>Cannot make the PDF</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/report_actions.py" line="206" />
        <source>无法写入%1：%2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="28" />
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="62" />
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="31" />
        <source>工作简报(走访、诉求、办结率、满意率,附图表)</source>
        <translation>Work summary (visits, issues, resolution and satisfaction rates, with charts)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="32" />
        <source>问题台账(期间内提出的诉求)</source>
        <translation>Issue ledger (issues raised in the period)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="40" />
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="40" />
        <source>近三个月</source>
        <translation>Last three months</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="40" />
        <source>今年</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="46" />
        <source>全县(全部团队)</source>
        <translation>Whole county (all teams)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="50" />
        <source>第 </source>
        <translation>No. </translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="52" />
        <source>试印（不编期号）</source>
        <translation>Draft (no issue number)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="57" />
        <source>生成PDF并打开</source>
        <translation>Make the PDF and open it</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="59" />
        <source>PDF 在系统的阅读器中打开,可以在那里预览和打印。字体已嵌入,在没有中文字体的电脑上也能正常显示。</source>
        <translation>The PDF opens in the system viewer, where it can be previewed and printed. Fonts are embedded, so it shows correctly on computers without Chinese fonts.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="65" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="68" />
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="70" />
        <source>团队</source>
        <translation>Teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="75" />
        <source>期号</source>
        <translation>Issue no.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="82" />
        <source>导出本期汇总Excel…</source>
        <translation>Export the period's figures to Excel…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="82" />
        <source>工作简报汇总</source>
        <translation>summary figures</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="83" />
        <source>导出本期走访Excel…</source>
        <translation>Export the period's visits to Excel…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="83" />
        <source>走访记录</source>
        <translation>visits</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="84" />
        <source>导出本期台账Excel…</source>
        <translation>Export the period's ledger to Excel…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="84" />
        <source>问题台账</source>
        <translation>issue ledger</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="85" />
        <source>导出Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="150" />
        <source>期号由县级中心编发：本机打印的简报不编期号（留空可手写）。</source>
        <translation>Issue numbers are given at the county hub: a briefing printed here has none (left blank to write in).</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="152" />
        <source>试印：期号留空，不占用期号。</source>
        <translation>Draft: the number is left blank and none is taken.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="154" />
        <source>本期已于 %1 编发为%2年第%3期，重印沿用原期号和编发时的数据。</source>
        <translation>Issued on %1 as No. %3 of %2; a reprint keeps its number and the figures it was issued with.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/reports.py" line="158" />
        <source>%1年下一期为第%2期；可改为未用过的期号。</source>
        <translation>The next issue of %1 is No. %2; any number not yet used may be typed instead.</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="332" />
        <source>采取了哪些措施,问题如何解决</source>
        <translation>What was done and how the problem was solved</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="336" />
        <source>例如 460(可不填)</source>
        <translation>e.g. 460 (optional)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="339" />
        <source>万元</source>
        <translation>× 10,000 yuan</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="340" />
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="344" />
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="345" />
        <source>涉及金额</source>
        <translation>Amount</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="161" />
        <source>注销设备</source>
        <translation>Revoke device</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="164" />
        <source>确定注销“{name}”吗?</source>
        <translation>Revoke “{name}”?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="167" />
        <source>指纹:{fp}</source>
        <translation>Fingerprint: {fp}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="168" />
        <source>注销后,县级中心拒收它此后送来的数据包,也不再给它导出数据包;已经导入的数据都保留。注销不能撤销:这台笔记本如要再用,须重新注册。</source>
        <translation>Once revoked, the hub refuses every package it sends from now on and makes no more packages for it; the data already imported is kept. Revoking cannot be undone: to use this laptop again, enrol it anew.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="176" />
        <source>例如:笔记本丢失、人员调离</source>
        <translation>e.g. laptop lost, officer transferred</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="177" />
        <source>注销原因:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/device_dialogs.py" line="178" />
        <source>注销</source>
        <translation>Revoke</translation>
    </message>
</context>
<context>
    <name>RowTable</name>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/row_table.py" line="61" />
        <source>直接输入即可填写;Tab 下一格;Ctrl+Delete 删除当前行</source>
        <translation>Type to fill in; Tab next cell; Ctrl+Delete removes the row</translation>
    </message>
</context>
<context>
    <name>RuleModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="85" />
        <source>规则名称</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="85" />
        <source>阶段时限</source>
        <translation>Stage deadlines</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="85" />
        <source>默认</source>
        <translation>Default</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="85" />
        <source>启用</source>
        <translation>In use</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="85" />
        <source>建议用于</source>
        <translation>Suggested for</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="106" />
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="107" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/duban_settings.py" line="107" />
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SearchPicker</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/pickers.py" line="111" />
        <source>没有找到,换个写法试试(汉字、全拼或首字母)</source>
        <translation>Nothing found; try Chinese, full pinyin or initials</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="366" />
        <location filename="../../yimi_desktop/ui/application.py" line="393" />
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="306" />
        <source>今天的备份没有做成</source>
        <translation>Today's backup was not made</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/application.py" line="309" />
        <source>本机换用了新的设备编号</source>
        <translation>This computer took a new device id</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="77" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="79" />
        <source>本机:{name}({role})· 设备号 {id}</source>
        <translation>This device: {name} ({role}) · id {id}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="82" />
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="511" />
        <source>本机指纹:{fp}</source>
        <translation>This device's fingerprint: {fp}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="98" />
        <source>本机尚未注册:可以照常记录走访和诉求,但要先用县级中心的注册文件注册,才能与县级中心交换数据包。请向县级中心索取本机的注册文件(.yimi-enrol)和注册码。</source>
        <translation>This laptop is not enrolled yet: it records visits and issues as usual, but it must be enrolled with the county hub's enrolment file before it can exchange packages with the hub. Ask the hub for this laptop's enrolment file (.yimi-enrol) and code.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="103" />
        <source>用注册文件注册本机…</source>
        <translation>Enrol with an enrolment file…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="112" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="113" />
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="115" />
        <source>U盘或文件夹:</source>
        <translation>USB stick or folder:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="123" />
        <source>全部数据(新笔记本或重装后)</source>
        <translation>Everything (new or reinstalled laptop)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="124" />
        <source>导出到U盘</source>
        <translation>Export to stick</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="125" />
        <source>发给全部</source>
        <translation>Send to all</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="126" />
        <source>给每台在用的已注册笔记本各写一个数据包,文件名写明发给谁</source>
        <translation>Write one package for every enrolled laptop in use, each file named by its recipient</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="130" />
        <source>从U盘导入</source>
        <translation>Import from stick</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="135" />
        <source>发给:</source>
        <translation>For:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="141" />
        <source>导出本机新记录给县级中心,导入中心发回的全县数据。</source>
        <translation>Export this laptop's new records for the county hub; import the county-wide data it sends back.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="157" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="158" />
        <source>对方</source>
        <translation>Other side</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="158" />
        <source>变更条数</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="159" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="164" />
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="165" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="166" />
        <source>最近收到</source>
        <translation>Last received</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="167" />
        <source>最近发出</source>
        <translation>Last sent</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="171" />
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="172" />
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="173" />
        <source>当前值</source>
        <translation>Current value</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="174" />
        <source>各方的值</source>
        <translation>Values on each side</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="177" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="178" />
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="179" />
        <source>注册日期</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="180" />
        <source>最近数据包</source>
        <translation>Last package</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="462" />
        <source>县级中心换了新密钥。
请向县级中心当面或打电话核对新密钥的确认码(16位数字),在这里输入:</source>
        <translation>The hub has new keys.
Get the new key's confirmation code (16 digits) from the hub in person or by phone and type it here:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="542" />
        <source>  └ 重复注册的电脑</source>
        <translation>  └ second computer, same file</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="571" />
        <source>值已压缩</source>
        <translation>value compacted</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="585" />
        <source>尚未收到它的数据包</source>
        <translation>No package from it yet</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="587" />
        <source>已收到本中心的全部数据</source>
        <translation>Holds all of this hub's data</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="589" />
        <source>已收到本中心{month}月{day}日 {time} 以前的全部数据(还差 {n} 条)</source>
        <translation>Holds all of this hub's data from before {month}/{day} {time} ({n} changes to go)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="596" />
        <source>已拒收它的 {n} 个数据包,请为那台电脑另行注册</source>
        <translation>{n} of its packages refused; enrol that computer on its own</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="182" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="168" />
        <source>对方已收到本机的数据</source>
        <translation>Our data it holds</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="187" />
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="189" />
        <source>已注册设备</source>
        <translation>Enrolled devices</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="190" />
        <source>导入记录</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="190" />
        <source>导出记录</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="191" />
        <source>对方确认情况</source>
        <translation>Acknowledgements</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="214" />
        <source>注册新笔记本…</source>
        <translation>Enrol a new laptop…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="215" />
        <source>注销…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="218" />
        <source>只有在这里注册过的笔记本才能与县级中心交换数据包;笔记本丢失或停用时请注销。</source>
        <translation>Only laptops enrolled here can exchange packages with the hub; revoke a laptop that is lost or retired.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="230" />
        <source>处理所选冲突…</source>
        <translation>Settle the selected conflict…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="232" />
        <source>两台设备同时改了同一项时,系统先按时间自动取一个,这里请人工确认。</source>
        <translation>When two devices change the same item, the latest change is kept for now; please confirm here.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="245" />
        <source>交换数据</source>
        <translation>Exchange data</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="292" />
        <source>没有找到U盘,请插入U盘或选择文件夹</source>
        <translation>No USB stick found; plug one in or choose a folder</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="304" />
        <source>选择U盘或文件夹</source>
        <translation>Choose the stick or a folder</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="326" />
        <source>正在写给“{name}”的数据包({i}/{n})</source>
        <translation>Writing the package for “{name}” ({i}/{n})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="332" />
        <source>请先插入U盘或选择一个文件夹。</source>
        <translation>Plug in a USB stick or choose a folder first.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="354" />
        <source>还没有在用的已注册笔记本:请先在“已注册设备”中注册新笔记本。</source>
        <translation>No enrolled laptop in use yet: enrol one under “Enrolled devices” first.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="379" />
        <source>正在取消:写完当前这个数据包就停下…</source>
        <translation>Cancelling: stopping after the package being written…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="385" />
        <source>已取消:写好了 {n} 个数据包,还有 {m} 台笔记本没有写({rest})。</source>
        <translation>Cancelled: {n} packages written; {m} laptops not written to ({rest}).</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="389" />
        <source>已给 {n} 台笔记本各写好一个数据包。请安全弹出U盘后再拔出。</source>
        <translation>One package written for each of {n} laptops. Eject the stick safely before pulling it out.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="433" />
        <source>删除已导入的数据包</source>
        <translation>Delete imported packages</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="434" />
        <source>U盘上有 {n} 个数据包已经导入本机,不再需要。要从U盘上删除它们吗?(发给其他设备的数据包不会删除。)</source>
        <translation>{n} packages on the stick are imported here and no longer needed. Delete them from the stick? (Packages for other devices are not deleted.)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="439" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="440" />
        <source>保留</source>
        <translation>Keep</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="454" />
        <source>已从U盘上删除 {n} 个已导入的数据包。</source>
        <translation>{n} imported packages deleted from the stick.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="461" />
        <source>确认县级中心的新密钥</source>
        <translation>Confirm the hub's new key</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="464" />
        <source>输入的确认码与数据包中的新密钥不符。请再向县级中心核对确认码:</source>
        <translation>The code typed does not match the new key in the package. Check the code with the hub again:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="466" />
        <source>确认并导入</source>
        <translation>Confirm and import</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="128" />
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="467" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="484" />
        <source>不是发给本机的 {n} 个数据包(发给其他笔记本)留在U盘上:{files}</source>
        <translation>{n} packages for other laptops, not for this one, left on the stick: {files}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="514" />
        <source>本中心密钥确认码:{code}</source>
        <translation>This hub's key code: {code}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="516" />
        <source>县级中心:{name} · 指纹 {fp}</source>
        <translation>County hub: {name} · fingerprint {fp}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="517" />
        <source>县级中心</source>
        <translation>County hub</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="525" />
        <source>已注册设备 ({n})</source>
        <translation>Enrolled devices ({n})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="540" />
        <source>  └ 副本 {n}(设备号 {id})</source>
        <translation>  └ replica {n} (device {id})</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="544" />
        <source>{name}(共 {n} 份副本)</source>
        <translation>{name} ({n} replicas)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="554" />
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="559" />
        <source>尚未收到</source>
        <translation>None received yet</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="578" />
        <source>已收到本机的全部数据</source>
        <translation>Holds all of our data</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="580" />
        <source>已收到本机{month}月{day}日 {time} 以前的全部数据(还差 {n} 条)</source>
        <translation>Holds all of our data from before {month}/{day} {time} ({n} changes to go)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="599" />
        <source>在用</source>
        <translation>In use</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="599" />
        <source>在用 · 注册文件被重复使用</source>
        <translation>In use · enrolment file reused</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="600" />
        <source>已注销 {date}</source>
        <translation>Revoked {date}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="642" />
        <source>已注销“{name}”:它此后送来的数据包都会被拒收。</source>
        <translation>“{name}” is revoked: every package it sends from now on is refused.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="396" />
        <source>已导出:{file}。请安全弹出U盘后再拔出。</source>
        <translation>Exported {file}. Eject the stick safely before pulling it out.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="181" />
        <source>收到本中心的数据</source>
        <translation>Hub data held</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="474" />
        <source>这个文件夹里没有 .yimi 数据包。</source>
        <translation>There is no .yimi package in this folder.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="477" />
        <source>导入数据包 {p} 个(重复跳过 {d} 个):新记录 {n} 条,更新 {u} 条,办理记录 {e} 条,删除 {x} 条。</source>
        <translation>Imported {p} package(s) ({d} duplicate(s) skipped): {n} new records, {u} updated, {e} issue events, {x} deletions.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="481" />
        <source>已拒绝 {file}:{why}</source>
        <translation>Refused {file}: {why}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/sync.py" line="505" />
        <source>冲突 ({n})</source>
        <translation>Conflicts ({n})</translation>
    </message>
</context>
<context>
    <name>TeamDetailPane</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="52" />
        <source>编辑团员</source>
        <translation>Edit officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="53" />
        <source>修改所选团员的单位、职务或电话 (双击)</source>
        <translation>Change the chosen officer's department, title or phone (double-click)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="55" />
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="56" />
        <source>录错的团员:作废后不再出现在名单和选择列表中,保留在历史里</source>
        <translation>An officer entered by mistake: once voided they leave the member lists and pickers, and stay in the history</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="90" />
        <source>在左侧选择一个团队,这里显示它的团员。</source>
        <translation>Select a team on the left to see its members here.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="115" />
        <source>牵头单位:{dept}</source>
        <translation>Lead department: {dept}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="117" />
        <source>隶属:{parent}</source>
        <translation>Belongs to: {parent}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="118" />
        <source>团长:{name}</source>
        <translation>Leader: {name}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="122" />
        <source>团员 {n} 人</source>
        <translation>{n} members</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="137" />
        <source>新增团队</source>
        <translation>New team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="137" />
        <source>编辑团队</source>
        <translation>Edit team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="143" />
        <source>团队名称 *</source>
        <translation>Team name *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="144" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="148" />
        <source>隶属</source>
        <translation>Belongs to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="149" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="153" />
        <source>牵头单位 *</source>
        <translation>Lead department *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="155" />
        <source>职责</source>
        <translation>Duties</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="159" />
        <source>团员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="160" />
        <source>团长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/team_dialog.py" line="183" />
        <source>(未指定)</source>
        <translation>(not set)</translation>
    </message>
</context>
<context>
    <name>TeamTreeModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="78" />
        <source>团队</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="78" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="78" />
        <source>牵头单位</source>
        <translation>Lead department</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="78" />
        <source>团长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/team_model.py" line="78" />
        <source>团员数</source>
        <translation>Members</translation>
    </message>
</context>
<context>
    <name>TeamsPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="171" />
        <source>团队</source>
        <translation>Teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="175" />
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="335" />
        <source>新增团队</source>
        <translation>New team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="177" />
        <source>新增团队 (Ctrl+N)</source>
        <translation>New team (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="178" />
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="335" />
        <source>编辑团队</source>
        <translation>Edit team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="180" />
        <source>编辑所选团队 (F2 / Enter / 双击)</source>
        <translation>Edit the selected team (F2 / Enter / double-click)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="182" />
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="341" />
        <source>新增团员</source>
        <translation>New officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="184" />
        <source>新增团员并加入所选团队 (Ctrl+Shift+N)</source>
        <translation>New officer in the chosen team (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="254" />
        <source>共 {n} 个</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="327" />
        <source>作废团员</source>
        <translation>Void officer</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/teams.py" line="341" />
        <source>编辑团员</source>
        <translation>Edit officer</translation>
    </message>
</context>
<context>
    <name>TextActionDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="297" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="297" />
        <source>开始办理的情况(可不填)</source>
        <translation>How work started (optional)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="298" />
        <source>办理进展</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="298" />
        <source>目前办到哪一步了</source>
        <translation>Where things stand now</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="299" />
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="300" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="299" />
        <source>为什么无法解决,已向谁反映</source>
        <translation>Why it cannot be resolved and who has been told</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="300" />
        <source>为什么需要重新办理</source>
        <translation>Why it needs to be reopened</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="301" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="301" />
        <source>要记下的情况</source>
        <translation>What to note down</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="302" />
        <source>退回理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="302" />
        <source>为什么不属于本团队办理(必填)</source>
        <translation>Why it is not this team's (required)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="303" />
        <source>督办理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="303" />
        <source>为什么升级督办,列入督查清单(必填)</source>
        <translation>Why escalate it to the supervision list (required)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="304" />
        <source>批示</source>
        <translation>Remark</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="304" />
        <source>批准意见(可不填)</source>
        <translation>Remark (optional)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="305" />
        <source>驳回理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="305" />
        <source>为什么不同意延期(必填)</source>
        <translation>Why the extension is refused (required)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="306" />
        <source>销号说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="306" />
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/issue_dialogs.py" line="313" />
        <source>重新办理后,诉求回到原承办团队(未交办过的回到“待交办”)。</source>
        <translation>Reopened issues go back to their team (or to 'New' if never assigned).</translation>
    </message>
</context>
<context>
    <name>TimelineEntry</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="70" />
        <source>承办团队:{team}</source>
        <translation>Team: {team}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="72" />
        <source>经办人:{name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="74" />
        <source>办理时限:{date}</source>
        <translation>Deadline: {date}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="76" />
        <source>涉及金额:{amount}</source>
        <translation>Amount: {amount}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="78" />
        <source>满意度:{value}</source>
        <translation>Satisfaction: {value}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="80" />
        <source>协办团队:{teams}</source>
        <translation>Supporting teams: {teams}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="82" />
        <source>时限规则:{rule}</source>
        <translation>Rule: {rule}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="84" />
        <source>{stage}时限:{date}</source>
        <translation>{stage} due {date}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="87" />
        <source>未生效(与其他设备同时的操作冲突,请核对):{reason}</source>
        <translation>Not applied (clashed with an act made at the same time on another device; please check): {reason}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="98" />
        <source>记录于 {time} · 本机</source>
        <translation>Recorded {time} · this device</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="100" />
        <source>记录于 {time} · 设备 {device}</source>
        <translation>Recorded {time} · device {device}</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/timeline.py" line="122" />
        <source>暂无办理记录</source>
        <translation>No history yet</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/verify_dialog.py" line="24" />
        <source>核验纸质记录</source>
        <translation>Check a printed record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/verify_dialog.py" line="27" />
        <source>用扫码枪扫描走访记录表右上角的二维码，或把扫到的文字粘贴到下面：</source>
        <translation>Scan the QR code at the top right of the printed visit record, or paste what the scanner read below:</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/verify_dialog.py" line="29" />
        <source>编号：… 核验：YM1.…</source>
        <translation>No.: … Check: YM1.…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/verify_dialog.py" line="31" />
        <source>核验</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/verify_dialog.py" line="54" />
        <source>正在核验…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/verify_dialog.py" line="69" />
        <source>核验失败。</source>
        <translation>The check failed.</translation>
    </message>
</context>
<context>
    <name>VisitEditor</name>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="130" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="130" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="130" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="138" />
        <source>企业介绍的情况、宣讲的内容、现场答复了什么、承诺了什么</source>
        <translation>What the enterprise told, what was briefed, what was answered and promised on the spot</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="144" />
        <source>政策</source>
        <translation>Policies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="144" />
        <source>企业是否符合</source>
        <translation>Enterprise qualifies?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="144" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="171" />
        <source>诉求标题</source>
        <translation>Issue title</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="171" />
        <source>具体情况</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="166" />
        <source>诉求标题,如 流动资金短缺</source>
        <translation>Issue title, e.g. working capital shortage</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="170" />
        <source>Ctrl+I 跳到这里;填好后按 Enter 加入下表</source>
        <translation>Ctrl+I jumps here; Enter adds the issue to the table below</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="181" />
        <source>添加照片或文件…</source>
        <translation>Add photos or files…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="201" />
        <source>完成 (Ctrl+Enter)</source>
        <translation>Finish (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="200" />
        <source>暂存并关闭 (Esc)</source>
        <translation>Keep draft and close (Esc)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="239" />
        <source>企业 *</source>
        <translation>Enterprise *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="242" />
        <source>从</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="244" />
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="247" />
        <source>日期 *</source>
        <translation>Date *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="254" />
        <source>走访团队 *</source>
        <translation>Team *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="257" />
        <source>走访人员 *</source>
        <translation>Officers *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="251" />
        <source>走访类型</source>
        <translation>Kind of visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="106" />
        <source>企业名称、拼音或首字母(如 hdwl),↓↑ 选择,Enter 确定</source>
        <translation>Enterprise name, pinyin or initials (e.g. hdwl); ↓↑ choose, Enter picks</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="123" />
        <source>姓名或拼音;↓ 列出本团人员,Enter 加入</source>
        <translation>Name or pinyin; ↓ lists the team's members, Enter adds</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="135" />
        <source>加一行 (Insert)</source>
        <translation>Add a row (Insert)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="141" />
        <source>政策名称、文号或拼音,Enter 加入</source>
        <translation>Policy title, document number or pinyin; Enter adds</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="150" />
        <source>约定回访</source>
        <translation>Follow-up agreed</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="168" />
        <source>具体情况(Enter 加入下表)</source>
        <translation>Details (Enter adds to the table)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="169" />
        <source>加入</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="171" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="171" />
        <source>建议承办团队</source>
        <translation>Suggested team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="185" />
        <source>为什么更正,如 企业选错了、漏记了一个诉求</source>
        <translation>Why it is corrected, e.g. wrong enterprise chosen, an issue forgotten</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="199" />
        <source>保存草稿 (Ctrl+S)</source>
        <translation>Save draft (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="218" />
        <source>继续填写走访草稿</source>
        <translation>Continue a visit draft</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="218" />
        <source>新建走访</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="221" />
        <source>Tab 下一项 · Ctrl+Enter 完成 · Ctrl+S 保存草稿 · Esc 暂存并关闭 · 停止输入1.5秒自动保存</source>
        <translation>Tab next · Ctrl+Enter finish · Ctrl+S save draft · Esc keep and close · saved 1.5 s after typing stops</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="234" />
        <source>基本情况</source>
        <translation>The visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="258" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="263" />
        <source>企业参加人员</source>
        <translation>Enterprise attendees</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="265" />
        <source>走访内容</source>
        <translation>What was said</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="266" />
        <source>走访记录</source>
        <translation>Visit notes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="271" />
        <source>宣讲政策</source>
        <translation>Policies briefed</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="276" />
        <source>回访</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="278" />
        <source>企业诉求</source>
        <translation>Issues raised</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="289" />
        <source>诉求</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="293" />
        <source>照片和附件</source>
        <translation>Photos and files</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="375" />
        <source>更正走访记录</source>
        <translation>Correct visit record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="376" />
        <source>每处更正连同原因记入修改记录 · 下面加的诉求、照片是当时漏记的 · Ctrl+Enter 保存 · Esc 取消</source>
        <translation>Every correction is kept with its reason · issues and photos added below are ones forgotten then · Ctrl+Enter save · Esc cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="380" />
        <source>更正原因 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="382" />
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="383" />
        <source>保存更正 (Ctrl+Enter)</source>
        <translation>Save correction (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="704" />
        <source>有 {n} 处需要补充或改正,见红字。</source>
        <translation>{n} thing(s) to add or correct, shown in red.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="717" />
        <source>正在保存走访和附件…</source>
        <translation>Saving the visit and its attachments…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="759" />
        <source>走访已完成</source>
        <translation>Visit finished</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="86" />
        <source>待核实</source>
        <translation>To check</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="86" />
        <source>符合</source>
        <translation>Qualifies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="86" />
        <source>不符合</source>
        <translation>Does not qualify</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="83" />
        <source>(选择类别)</source>
        <translation>(choose a category)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="90" />
        <source> · 本团</source>
        <translation> · this team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="90" />
        <source>(已失效)</source>
        <translation>(expired)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="488" />
        <source>→ 建议交 {team}</source>
        <translation>→ suggest {team}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="547" />
        <source>选择照片或文件</source>
        <translation>Choose photos or files</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="548" />
        <source>照片和文档 (*.jpg *.jpeg *.png *.heic *.bmp *.pdf *.doc *.docx *.xls *.xlsx *.txt);;所有文件 (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.heic *.bmp *.pdf *.doc *.docx *.xls *.xlsx *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="560" />
        <source>{name}(文件不在了)</source>
        <translation>{name} (file missing)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="660" />
        <source>草稿未能保存:{error}</source>
        <translation>Draft not saved: {error}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/visit_editor/view.py" line="654" />
        <source>草稿已保存 {time}</source>
        <translation>Draft saved {time}</translation>
    </message>
</context>
<context>
    <name>VisitFilterBar</name>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/visit_filters.py" line="28" />
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/visit_filters.py" line="35" />
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/visit_filters.py" line="59" />
        <source>全部团队</source>
        <translation>All teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/visit_filters.py" line="60" />
        <source>全部人员</source>
        <translation>All officers</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/widgets/visit_filters.py" line="61" />
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="28" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="28" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="28" />
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="28" />
        <source>团队</source>
        <translation>Teams</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="28" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="29" />
        <source>走访人员</source>
        <translation>Officers</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="29" />
        <source>诉求数</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/models/visit_model.py" line="29" />
        <source>编号</source>
        <translation>Record no.</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="95" />
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="98" />
        <source>新建走访 (Ctrl+N)</source>
        <translation>New visit (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="100" />
        <source>修改记录 (F2)</source>
        <translation>Amend (F2)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="102" />
        <source>改一项:记录、地点、时间、类型、回访日期</source>
        <translation>Change one item: notes, place, times, kind, follow-up date</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="103" />
        <source>更正 (Ctrl+E)</source>
        <translation>Correct (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="105" />
        <source>在走访表中更正任何内容(企业、日期、人员、政策、参加人员),补记诉求或照片</source>
        <translation>Correct anything in the visit form (enterprise, date, officers, policies, attendees), add a forgotten issue or photo</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="106" />
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="107" />
        <source>录错的走访:作废后不再出现在列表和报表中,保留在历史里</source>
        <translation>A visit entered by mistake: once voided it leaves the lists and reports, and stays in the history</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="112" />
        <source>打印走访记录表</source>
        <translation>Print visit record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="113" />
        <source>生成所选走访的记录表PDF,供企业签字</source>
        <translation>The selected visit's record as a PDF, for the enterprise to sign</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="115" />
        <source>核验纸质记录</source>
        <translation>Check a printed record</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="116" />
        <source>扫描或粘贴走访记录表上的二维码，核对纸面与库中记录是否一致</source>
        <translation>Scan or paste the QR code of a printed visit record to see whether the paper matches the database</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="126" />
        <source>搜索企业:名称、拼音或首字母 (Ctrl+F)</source>
        <translation>Search enterprise: name, pinyin or initials (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="250" />
        <source>没有选中的走访。</source>
        <translation>No visit selected.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="272" />
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="272" />
        <source>团队</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="272" />
        <source>走访人员</source>
        <translation>Officers</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="272" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="273" />
        <source>企业参加人员</source>
        <translation>Enterprise attendees</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="273" />
        <source>约定回访</source>
        <translation>Follow-up agreed</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="273" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="295" />
        <source>走访记录</source>
        <translation>Visit notes</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="296" />
        <source>宣讲政策</source>
        <translation>Policies briefed</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="298" />
        <source>企业诉求</source>
        <translation>Issues raised</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="301" />
        <source>照片和附件</source>
        <translation>Photos and files</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="308" />
        <source>设备 {device}</source>
        <translation>device {device}</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="314" />
        <source>修改记录</source>
        <translation>Amend</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="393" />
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="454" />
        <source>作废走访</source>
        <translation>Void visit</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="226" />
        <source>共 {n} 次</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="270" />
        <source>符合</source>
        <translation>Qualifies</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="270" />
        <source>不符合</source>
        <translation>Does not qualify</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="270" />
        <source>待核实</source>
        <translation>To check</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="383" />
        <source>继续草稿</source>
        <translation>Continue draft</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/pages/visits.py" line="393" />
        <source>确定删除这份草稿吗?删除后无法恢复。</source>
        <translation>Delete this draft? It cannot be recovered.</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/void_dialog.py" line="24" />
        <source>确定作废“{what}”吗?</source>
        <translation>Void “{what}”?</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/void_dialog.py" line="27" />
        <source>作废后它不再出现在列表、统计和报表中,但保留在历史记录里,并同步到所有设备。只用于录错的记录。</source>
        <translation>Once voided it no longer appears in lists, figures or reports, but stays in the history and is synced to every device. Only for records entered by mistake.</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/void_dialog.py" line="34" />
        <source>例如:重复录入、企业选错了</source>
        <translation>e.g. entered twice, wrong enterprise chosen</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/void_dialog.py" line="35" />
        <source>作废原因 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/void_dialog.py" line="36" />
        <source>作废</source>
        <translation>Void</translation>
    </message>
</context>
<context>
    <name>WorkDialog</name>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="124" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../yimi_desktop/ui/dialogs/enrol_dialog.py" line="183" />
        <source>{what}(已用 {n} 秒;较慢的电脑上可能需要一分钟)</source>
        <translation>{what} ({n} s so far; up to a minute on a slower computer)</translation>
    </message>
</context>
</TS>
