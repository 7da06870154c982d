/**
 * The one table of MDS diagnostics: stable codes, default severity, and the message in
 * Chinese and English. Validators refer to codes only; the rule reference in
 * docs/diagnostics.md is generated from this table (`npm run docs:diagnostics`).
 */

export type Severity = 'error' | 'warning' | 'info';
export type Locale = 'zh' | 'en';
type Args = Record<string, string | number>;
type Template = (a: Args) => string;

export interface DiagnosticSpec {
    /** Default severity; a few rules raise or lower it by context (documented in `rule`). */
    severity: Severity;
    /** Which contract rule it implements, in a few words (for the docs). */
    rule: string;
    zh: Template;
    en: Template;
}

const q = (s: string | number) => `\`${s}\``;
const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

export const diagnostics = {
    // ---- syntax -------------------------------------------------------------------------
    'syntax-error': {
        severity: 'error', rule: 'syntax',
        zh: a => `语法错误：${a.detail}`,
        en: a => `syntax error: ${a.detail}`
    },
    'nesting-too-deep': {
        severity: 'error', rule: 'syntax',
        zh: () => '嵌套过深或语法错误过多，从此处起无法解析；请检查此处附近缺少的 `}` 或多余的符号',
        en: () => 'nesting too deep or too many syntax errors: the file cannot be parsed from here on; look for a missing `}` or stray symbols near here'
    },
    'file-too-large': {
        severity: 'error', rule: 'syntax',
        zh: a => `文件过大（${a.size} M 字符），超过单个 .mds 文件 ${a.limit} M 字符的上限；请拆分为多个文件`,
        en: a => `file too large (${a.size} M characters): a single .mds file may hold at most ${a.limit} M characters; split it into several files`
    },
    // ---- names, references, imports (rule 1) -------------------------------------------
    'unresolved-reference': {
        severity: 'error', rule: '1 unresolved reference',
        zh: a => `找不到 ${q(a.name)}：命名空间 ${q(a.namespace)} 及其导入中没有这个名称`
            + (a.elsewhere ? `；它声明于 ${q(a.elsewhere)}，请添加 import ${a.elsewhere} 或写作 ${q(a.elsewhere + '.' + a.name)}` : '')
            + (a.suggestion ? `；是否要写 ${q(a.suggestion)}？` : ''),
        en: a => `cannot find ${q(a.name)} in namespace ${q(a.namespace)} or its imports`
            + (a.elsewhere ? `; it is declared in ${q(a.elsewhere)}: add import ${a.elsewhere} or write ${q(a.elsewhere + '.' + a.name)}` : '')
            + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '')
    },
    'ambiguous-reference': {
        severity: 'error', rule: '1 ambiguous reference',
        zh: a => `${q(a.name)} 有歧义：请写成 ${a.options} 之一`,
        en: a => `ambiguous: qualify it as ${a.options}`
    },
    'wrong-kind': {
        severity: 'error', rule: '1 wrongly-kinded reference',
        zh: a => `${q(a.name)} 是${a.actual}，而这里（${a.place}）需要${a.expected}`,
        en: a => `${q(a.name)} is ${article(String(a.actualEn))}, but ${a.placeEn} needs ${article(String(a.expectedEn))}`
    },
    'duplicate-name': {
        severity: 'error', rule: '1 duplicate names in a namespace',
        zh: a => `命名空间 ${q(a.namespace)} 中 ${q(a.name)} 重复声明（另见 ${a.other}）；请改名或删除其一`,
        en: a => `${q(a.name)} is declared more than once in namespace ${q(a.namespace)} (also at ${a.other}); rename or remove one`
    },
    'unknown-import': {
        severity: 'error', rule: 'imports',
        zh: a => `没有文件声明命名空间 ${q(a.namespace)}${a.hint ? '；' + a.hint : ''}`,
        en: a => `no file declares namespace ${q(a.namespace)}${a.hint ? '; ' + a.hint : ''}`
    },
    'import-cycle': {
        severity: 'warning', rule: 'imports (one warning per cycle and file)',
        zh: a => `${a.count} 个命名空间之间存在循环导入（${a.namespaces}），例如 ${a.cycle}；每个循环只在每个文件第一次导入其中命名空间处报告一次`,
        en: a => `import cycle among ${a.count} namespaces (${a.namespaces}), e.g. ${a.cycle}; reported once per file, at its first import into the cycle`
    },
    'version-bump': {
        severity: 'error', rule: 'versions (mds diff --check, mds check --baseline, mds.baseline in the editor)',
        zh: a => `命名空间 ${a.namespace} 相对基线需要${a.bumpZh}升级（自 ${a.from}），而版本写作 ${a.to}；原因：${a.reasons}`,
        en: a => `namespace ${a.namespace} needs a ${a.bump} version bump from ${a.from} but declares ${a.to} (against the baseline); because of ${a.reasons}`
    },
    'breaking-change': {
        severity: 'warning', rule: 'versions: a change that breaks data, JSON consumers or the TypeScript build',
        zh: a => `相对基线的不兼容变更（${a.categories}）：${a.message}`,
        en: a => `breaking change against the baseline (${a.categories}): ${a.message}`
    },
    'redundant-import': {
        severity: 'warning', rule: 'imports',
        zh: a => `多余的导入 ${q(a.namespace)}：${a.reason === 'self' ? '这是本文件自己的命名空间' : '已经导入过'}`,
        en: a => `redundant import of ${q(a.namespace)}: ${a.reason === 'self' ? 'it is this file\'s own namespace' : 'it is already imported'}`
    },
    // ---- file header --------------------------------------------------------------------
    'namespace-name': {
        severity: 'error', rule: 'file header',
        zh: a => `命名空间 ${q(a.namespace)} 应为小写、以点分隔（如 minhang.population）`,
        en: a => `namespace ${q(a.namespace)} must be lowercase and dotted (e.g. minhang.population)`
    },
    'invalid-version': {
        severity: 'error', rule: 'file header / since',
        zh: a => `${q(a.value)} 不是语义化版本号（应形如 "1.2.0"）`,
        en: a => `${q(a.value)} is not a semantic version (write it like "1.2.0")`
    },
    'duplicate-version': {
        severity: 'error', rule: 'file header',
        zh: a => `命名空间 ${q(a.namespace)} 的版本只能在一个文件中声明（另见 ${a.other}）`,
        en: a => `only one file may declare the version of namespace ${q(a.namespace)} (also at ${a.other})`
    },
    'since-after-version': {
        severity: 'warning', rule: 'since',
        zh: a => `since ${q(a.since)} 晚于命名空间当前版本 ${q(a.version)}`,
        en: a => `since ${q(a.since)} is later than the namespace version ${q(a.version)}`
    },
    // ---- attributes ---------------------------------------------------------------------
    'attribute-not-allowed': {
        severity: 'error', rule: 'attributes',
        zh: a => `${a.kind}不能使用属性 ${q(a.attribute)}；可用的属性：${a.allowed}`,
        en: a => `a ${a.kindEn} cannot have ${q(a.attribute)}; allowed: ${a.allowed}`
    },
    'duplicate-attribute': {
        severity: 'error', rule: 'attributes',
        zh: a => `属性 ${q(a.attribute)} 重复；每个属性至多出现一次`,
        en: a => `${q(a.attribute)} is given more than once; each attribute may appear at most once`
    },
    'invalid-value': {
        severity: 'error', rule: 'attributes',
        zh: a => `${q(a.value)} 不是 ${q(a.attribute)} 的取值；可选：${a.allowed}${a.suggestion ? `。是否要写 ${q(a.suggestion)}？` : ''}`,
        en: a => `${q(a.value)} is not a value of ${q(a.attribute)}; use one of ${a.allowed}${a.suggestion ? `. Did you mean ${q(a.suggestion)}?` : ''}`
    },
    'missing-attribute': {
        severity: 'error', rule: 'attributes',
        zh: a => `${a.kind} ${q(a.name)} 缺少必需的属性 ${q(a.attribute)}`,
        en: a => `${a.kindEn} ${q(a.name)} needs ${q(a.attribute)}`
    },
    // ---- registration (rules 2, 3, 9) ----------------------------------------------------
    'missing-definition': {
        severity: 'error', rule: '2 (error for standard, warning for candidate)',
        zh: a => `登记状态为 ${a.status} 的 ${q(a.name)} 必须有 definition（定义）；请补充 definition "…"`,
        en: a => `${q(a.name)} has status ${a.status} and needs a definition; add definition "…"`
    },
    'missing-steward': {
        severity: 'error', rule: '2 (error for standard, warning for candidate)',
        zh: a => `登记状态为 ${a.status} 的 ${q(a.name)} 必须有 steward（数源部门）；请补充 steward <部门>`,
        en: a => `${q(a.name)} has status ${a.status} and needs a steward; add steward <department>`
    },
    'uses-unstable': {
        severity: 'error', rule: '3',
        zh: a => `标准（standard）数据集不能使用登记状态为 ${a.status} 的 ${q(a.name)}；请先将其提升为 candidate 或 standard，或换用其他数据元`,
        en: a => `a standard record may not use ${q(a.name)}, whose status is ${a.status}; promote it or use another element`
    },
    'uses-deprecated': {
        severity: 'warning', rule: '3',
        zh: a => `${q(a.name)} 已废止${a.replacement ? `，请改用 ${q(a.replacement)}` : ''}`,
        en: a => `${q(a.name)} is deprecated${a.replacement ? `; use ${q(a.replacement)} instead` : ''}`
    },
    'missing-condition': {
        severity: 'warning', rule: '9',
        zh: a => `标准 ${q(a.name)} 为有条件共享，但未说明共享条件；请补充 condition "…"`,
        en: a => `standard ${q(a.name)} is shared conditionally but states no condition; add condition "…"`
    },
    'missing-replacement': {
        severity: 'warning', rule: '9',
        zh: a => `${q(a.name)} 的状态为 ${a.status}，请用 replacedBy 指明替代项`,
        en: a => `${q(a.name)} is ${a.status}; name what replaces it with replacedBy`
    },
    // ---- classification and openness (rules 4, 5) ------------------------------------------
    'sensitive-open': {
        severity: 'error', rule: '4',
        zh: a => `${a.why}的数据不能无条件开放；请改为 open conditional 或 open none`,
        en: a => `${a.whyEn} data may not be open unconditional; use open conditional or open none`
    },
    'core-share-unconditional': {
        severity: 'error', rule: '4',
        zh: () => `核心数据不能无条件共享；请改为 share conditional 或 share none`,
        en: () => `core data may not be share unconditional; use share conditional or share none`
    },
    'record-more-open': {
        severity: 'error', rule: '5',
        zh: a => `数据集声明为 open ${a.declared}，但字段 ${q(a.path)} 为 open ${a.effective}（就高从严）；请将数据集改为 open ${a.effective}，或调整该字段`,
        en: a => `the record is declared open ${a.declared}, but field ${q(a.path)} is open ${a.effective}; declare open ${a.effective} or change that field`
    },
    'record-more-shared': {
        severity: 'error', rule: '5',
        zh: a => `数据集声明为 share ${a.declared}，但字段 ${q(a.path)} 为 share ${a.effective}（就高从严）；请将数据集改为 share ${a.effective}，或调整该字段`,
        en: a => `the record is declared share ${a.declared}, but field ${q(a.path)} is share ${a.effective}; declare share ${a.effective} or change that field`
    },
    'record-grade-lower': {
        severity: 'error', rule: '5',
        zh: a => `数据集声明为 grade ${a.declared}，但字段 ${q(a.path)} 为 grade ${a.effective}（就高从严）；请将数据集改为 grade ${a.effective}`,
        en: a => `the record is declared grade ${a.declared}, but field ${q(a.path)} is grade ${a.effective}; declare grade ${a.effective}`
    },
    // ---- flows, systems, departments (rules 6, 7, 8) ----------------------------------------
    'flow-unshareable': {
        severity: 'error', rule: '6',
        zh: a => `${q(a.record)} 不予共享（share none），不能在不同部门的系统之间流转（${a.fromOwner} → ${a.toOwner}）`,
        en: a => `${q(a.record)} is share none and may not flow between systems of different owners (${a.fromOwner} → ${a.toOwner})`
    },
    'flow-missing-agreement': {
        severity: 'warning', rule: '6',
        zh: a => `${q(a.record)} 为有条件共享，跨部门流转应注明共享协议：agreement "…"`,
        en: a => `${q(a.record)} is shared conditionally; a flow between owners should state its agreement "…"`
    },
    'duplicate-system-of-record': {
        severity: 'error', rule: '7',
        zh: a => `${q(a.record)} 已由系统 ${q(a.other)}（${a.where}）作为权威来源存储；一个数据集只能有一个权威系统`,
        en: a => `${q(a.record)} already has system of record ${q(a.other)} (${a.where}); a record has exactly one`
    },
    'parent-level': {
        severity: 'error', rule: '8',
        zh: a => `上级部门 ${q(a.parent)}（${a.parentLevel}）必须比本部门（${a.level}）层级更高`,
        en: a => `parent ${q(a.parent)} (${a.parentLevelEn}) must sit at a higher level than this department (${a.levelEn})`
    },
    'parent-cycle': {
        severity: 'error', rule: '8',
        zh: a => `上级关系形成循环：${a.cycle}`,
        en: a => `parent cycle: ${a.cycle}`
    },
    // ---- element types and constraints ---------------------------------------------------
    'constraint-mismatch': {
        severity: 'error', rule: 'constraints',
        zh: a => `约束 ${q(a.constraint)} 不适用于 ${a.type} 类型；它只用于 ${a.allowed}`,
        en: a => `${q(a.constraint)} does not apply to type ${a.type}; it is for ${a.allowed}`
    },
    'invalid-pattern': {
        severity: 'error', rule: 'constraints',
        zh: a => `正则表达式无效：${a.detail}`,
        en: a => `invalid regular expression: ${a.detail}`
    },
    'slow-pattern': {
        severity: 'warning', rule: 'patterns (ReDoS heuristic: a repeated group that itself repeats)',
        zh: a => `正则表达式中 ${q(a.part)} 是嵌套的重复（如 (a+)+），对某些输入的匹配时间会随长度指数增长，可能被用来拖垮校验服务；请改写为不嵌套的形式（如 a+）`,
        en: a => `${q(a.part)} nests a repetition inside a repetition (like (a+)+): matching can take exponential time on some inputs, which can stall a validating service; rewrite it without nesting (like a+)`
    },
    'unknown-format': {
        severity: 'error', rule: 'constraints',
        zh: a => `未知的格式 ${q(a.format)}；可选：${a.allowed}`,
        en: a => `unknown format ${q(a.format)}; use one of ${a.allowed}`
    },
    'invalid-range': {
        severity: 'error', rule: 'constraints',
        zh: a => `范围无效：${a.detail}`,
        en: a => `invalid range: ${a.detailEn}`
    },
    // ---- records -------------------------------------------------------------------------
    'primitive-field': {
        severity: 'error', rule: 'records',
        zh: a => `字段类型必须是已登记的数据元或数据集，不能直接使用 ${a.type}；请先声明 element X "…" : ${a.type}`,
        en: a => `a field's type is a registered element or record, never a bare ${a.type}; declare element X "…" : ${a.type} first`
    },
    'duplicate-field': {
        severity: 'error', rule: 'records',
        zh: a => `字段 ${q(a.name)} 重复`,
        en: a => `duplicate field ${q(a.name)}`
    },
    'redefined-field': {
        severity: 'error', rule: 'records',
        zh: a => `字段 ${q(a.name)} 已从 ${q(a.parent)} 继承，不能重新定义`,
        en: a => `field ${q(a.name)} is inherited from ${q(a.parent)} and may not be redefined`
    },
    'extends-cycle': {
        severity: 'error', rule: 'records',
        zh: a => `继承关系形成循环：${a.cycle}`,
        en: a => `extends cycle: ${a.cycle}`
    },
    'missing-key': {
        severity: 'warning', rule: 'records',
        zh: a => `标准数据集 ${q(a.name)} 没有主键；请用 key 标记标识字段`,
        en: a => `standard record ${q(a.name)} has no key; mark its identifying field(s) with key`
    },
    'invalid-key': {
        severity: 'error', rule: 'records',
        zh: a => `主键字段 ${q(a.name)} 不能是${a.why === 'optional' ? '可选的（?）' : '列表'}`,
        en: a => `key field ${q(a.name)} cannot be ${a.why === 'optional' ? 'optional (?)' : 'a list'}`
    },
    'infinite-record': {
        severity: 'error', rule: 'records',
        zh: a => `${q(a.name)} 通过必填字段 ${q(a.path)} 包含自身，无法构成有限的数据；请将某个字段设为可选（?）或列表`,
        en: a => `${q(a.name)} contains itself through required field ${q(a.path)}, so no finite value exists; make a field optional (?) or a list`
    },
    // ---- code lists ------------------------------------------------------------------------
    'duplicate-code': {
        severity: 'error', rule: 'code lists',
        zh: a => `代码 "${a.code}" 重复`,
        en: a => `duplicate code "${a.code}"`
    },
    'unknown-parent-code': {
        severity: 'error', rule: 'code lists',
        zh: a => `上级代码 "${a.code}" 不在本代码表中`,
        en: a => `parent code "${a.code}" is not in this code list`
    },
    'empty-codelist': {
        severity: 'warning', rule: 'code lists',
        zh: a => `代码表 ${q(a.name)} 没有任何代码`,
        en: a => `code list ${q(a.name)} has no codes`
    }
} satisfies Record<string, DiagnosticSpec>;

export type DiagnosticCode = keyof typeof diagnostics;

/** The stable, public form of a code: `mds/<code>`. */
export function qualifiedCode(code: DiagnosticCode): string {
    return `mds/${code}`;
}

export function formatMessage(code: DiagnosticCode, args: Args, locale: Locale): string {
    const spec: DiagnosticSpec = diagnostics[code];
    return spec[locale](args);
}
