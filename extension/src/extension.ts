import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ambiguous, defaultNamespace, importArgs, NAMESPACE, SOURCE_FILTERS } from './import-args.js';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the bundled MDS language server and registers the MDS commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const module = context.asAbsolutePath(path.join('out', 'server.cjs'));
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const config = vscode.workspace.getConfiguration('mds');
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'mds' }],
        initializationOptions: { locale: config.get<string>('locale', 'auto'), standardsFolders: config.get<string[]>('standardsFolders', ['standards']), baseline: config.get<string>('baseline', '') },
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.mds') }
    };
    client = new LanguageClient('mds', 'MDS 数据标准', serverOptions, clientOptions);
    context.subscriptions.push(
        vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
        vscode.commands.registerCommand('mds.build', () => runBuild()),
        vscode.commands.registerCommand('mds.openDocs', () => openDocs()),
        vscode.commands.registerCommand('mds.preview', () => preview()),
        vscode.commands.registerCommand('mds.import', () => runImport())
    );
    await client.start();
}

export function deactivate(): Thenable<void> | undefined {
    return client?.stop();
}

function folders(): { root: vscode.Uri; standards: string[]; out: string } | undefined {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) return undefined;
    const config = vscode.workspace.getConfiguration('mds');
    return { root, standards: config.get<string[]>('standardsFolders', ['standards']), out: config.get('outputFolder', 'dist') };
}

/**
 * Runs `npx mds build` in a terminal, so the committee sees the same output as on the command line.
 * Its inputs are the configured standards folders that exist in the workspace; when none does
 * (the standards folder itself is opened), the workspace folder — as the language server does.
 */
async function runBuild(): Promise<void> {
    const f = folders();
    if (!f) {
        void vscode.window.showWarningMessage('请先打开标准库所在的文件夹 / Open the standards workspace first.');
        return;
    }
    const existing = await existingStandards(f);
    const inputs = existing.length ? existing : ['.'];
    const terminal = vscode.window.createTerminal({ name: 'MDS Build', cwd: f.root });
    terminal.show();
    terminal.sendText(`npx mds build ${inputs.map(s => JSON.stringify(s)).join(' ')} --out ${JSON.stringify(f.out)}`);
}

/** The configured standards folders that exist in the workspace. */
async function existingStandards(f: { root: vscode.Uri; standards: string[] }): Promise<string[]> {
    const existing: string[] = [];
    for (const s of f.standards) {
        try {
            if ((await vscode.workspace.fs.stat(vscode.Uri.joinPath(f.root, s))).type & vscode.FileType.Directory) existing.push(s);
        } catch {
            // not in this workspace
        }
    }
    return existing;
}

const output = { channel: undefined as vscode.OutputChannel | undefined };

/**
 * "MDS: Import…": asks for a source (data-element table, resource catalog, SQL DDL, JSON Schema,
 * sample data), a namespace and the .mds file to write, runs the workspace's own `mds import` (the
 * same import as on the command line, checked with the standards before anything is written), and
 * opens the result. Failures are shown with the CLI's message, which names file, line and column.
 */
async function runImport(): Promise<void> {
    const f = folders();
    if (!f) {
        void vscode.window.showWarningMessage('请先打开标准库所在的文件夹 / Open the standards workspace first.');
        return;
    }
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: '导入 / Import', filters: SOURCE_FILTERS, defaultUri: f.root });
    if (!picked?.[0]) return;
    const source = picked[0].fsPath;
    let sampleData = false;
    if (ambiguous(source)) {
        const kind = await vscode.window.showQuickPick([
            { label: '数据元表或资源目录', description: 'data-element table / mds catalog workbook', sample: false },
            { label: '样例数据（推断数据集）', description: 'sample data: infer a record', sample: true }
        ], { placeHolder: '这个文件是什么？ / What is this file?' });
        if (!kind) return;
        sampleData = kind.sample;
    }
    const namespace = await vscode.window.showInputBox({
        prompt: '新文件的命名空间 / namespace of the new file', value: defaultNamespace(source),
        validateInput: v => NAMESPACE.test(v) ? undefined : '应为小写点分名称，如 minhang.housing / a dotted lowercase name'
    });
    if (!namespace) return;
    const standards = (await existingStandards(f))[0];
    const folder = standards ? vscode.Uri.joinPath(f.root, standards) : f.root;
    const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(folder, `${path.basename(source).replace(/\.[^.]*$/, '')}.mds`), filters: { MDS: ['mds'] }, saveLabel: '写入 / Write'
    });
    if (!target) return;
    let overwrite = false;
    try {
        await vscode.workspace.fs.stat(target);
        overwrite = true; // the save dialog has already asked whether to replace it
    } catch {
        // a new file
    }
    const args = importArgs({ source, sampleData, namespace, out: target.fsPath, standards: standards && path.join(f.root.fsPath, standards), overwrite });
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'MDS 导入中… / Importing…' }, () => run(args, f.root.fsPath));
    output.channel ??= vscode.window.createOutputChannel('MDS Import');
    output.channel.append(result.stdout + result.stderr);
    if (result.code !== 0) {
        const choice = await vscode.window.showErrorMessage(`mds import 失败 / failed: ${(result.stderr.trim().split('\n').at(-1) ?? '').slice(0, 300)}`, '查看输出 / Show output');
        if (choice) output.channel.show();
        return;
    }
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(result.stdout.trim().split('\n').at(-1) ?? '');
}

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const win = process.platform === 'win32';
    return new Promise(resolve => {
        execFile(win ? 'npx.cmd' : 'npx', win ? args.map(a => `"${a}"`) : args, { cwd, shell: win, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
            // A numeric code: mds ran and said why it failed; otherwise npx itself could not run.
            if (error && typeof error.code !== 'number') resolve({ code: 127, stdout: '', stderr: `无法运行 npx mds（请在工作区执行 npm install）/ cannot run npx mds: ${error.message}` });
            else resolve({ code: error ? Number(error.code) : 0, stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

/** Opens the generated site (`<out>/docs/index.html`) in the default browser. */
async function openDocs(): Promise<void> {
    const f = folders();
    if (!f) return;
    const index = vscode.Uri.joinPath(f.root, f.out, 'docs', 'index.html');
    try {
        await vscode.workspace.fs.stat(index);
        await vscode.env.openExternal(index);
    } catch {
        const choice = await vscode.window.showInformationMessage('还没有生成文档站点，现在运行 MDS: Build？ / No site yet. Build now?', 'Build');
        if (choice) await runBuild();
    }
}

/** Shows the JSON Schema and TypeScript that `mds build` generates for the record under the cursor. */
async function preview(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !client) return;
    const result = await client.sendRequest<{ record: string; schema: string; typescript: string } | null>('mds/preview', {
        textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active
    });
    if (!result) {
        void vscode.window.showInformationMessage('请把光标放在一个数据集（record）中 / Put the cursor in a record.');
        return;
    }
    // One read-only virtual Markdown document, shown rendered: not an untitled file, so neither the
    // TypeScript nor the JSON language service checks it and nothing reaches the Problems panel.
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${result.record}.md` });
    previews.set(uri, [
        `# ${result.record}`, '', '由 `mds build` 生成（与命令行使用同一 `mds.config.json`）/ as `mds build` generates it', '',
        '## JSON Schema', '', '```json', result.schema.trimEnd(), '```', '', '## TypeScript', '', '```ts', result.typescript.trimEnd(), '```', ''
    ].join('\n'));
    try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    }
}

const PREVIEW_SCHEME = 'mds-preview';

/** The read-only contents of the preview documents, by URI. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
    private readonly texts = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    set(uri: vscode.Uri, text: string): void {
        this.texts.set(uri.toString(), text);
        this.changed.fire(uri);
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.texts.get(uri.toString()) ?? '';
    }
}

const previews = new PreviewDocuments();
