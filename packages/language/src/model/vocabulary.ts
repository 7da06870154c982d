/**
 * The closed vocabularies of the language, in order from least to most restrictive where
 * that order matters (share, open, grade), with their Chinese labels.
 */

export const STATUS = ['draft', 'candidate', 'standard', 'deprecated', 'retired'] as const;
export const GRADE = ['general', 'important', 'core'] as const;
export const SHARE = ['unconditional', 'conditional', 'none'] as const;
export const OPEN = SHARE;
export const UPDATE = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'semiannual', 'annual', 'irregular'] as const;
export const LEVEL = ['city', 'district', 'town', 'village'] as const;
export const SYSTEM_KIND = ['application', 'platform', 'database', 'gateway'] as const;
export const VIA = ['api', 'file', 'database', 'message'] as const;
export const FORMATS = ['email', 'uri', 'phone-cn', 'gb11643', 'uscc'] as const;
export const PRIMITIVES = ['string', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'time'] as const;

export type Status = typeof STATUS[number];
export type Grade = typeof GRADE[number];
export type Openness = typeof SHARE[number];
export type Update = typeof UPDATE[number];
export type Level = typeof LEVEL[number];
export type SystemKind = typeof SYSTEM_KIND[number];
export type Via = typeof VIA[number];
export type Format = typeof FORMATS[number];
export type Primitive = typeof PRIMITIVES[number];

/** Chinese labels of every vocabulary word, for messages, hover and the docs. */
export const VALUE_LABELS: Readonly<Record<string, string>> = {
    draft: '草案', candidate: '候选', standard: '标准', deprecated: '废止', retired: '退役',
    general: '一般数据', important: '重要数据', core: '核心数据',
    unconditional: '无条件', conditional: '有条件', none: '不予/非开放',
    realtime: '实时', daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度',
    semiannual: '每半年', annual: '每年', irregular: '不定期',
    city: '市级', district: '区级', town: '街镇级', village: '村居级',
    application: '应用系统', platform: '平台', database: '数据库', gateway: '网关',
    api: '接口', file: '文件', message: '消息'
};

export const SHARE_LABELS: Readonly<Record<Openness, string>> = {
    unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享'
};
export const OPEN_LABELS: Readonly<Record<Openness, string>> = {
    unconditional: '无条件开放', conditional: '有条件开放', none: '非开放'
};

/** Chinese names of the governance attributes (as the docs and catalog show them). */
export const ATTRIBUTE_LABELS: Readonly<Record<string, string>> = {
    definition: '定义', steward: '数源部门', status: '登记状态', grade: '分级', personal: '个人信息',
    share: '共享属性', condition: '共享条件', open: '开放属性', update: '更新周期', source: '来源标准',
    since: '起始版本', replacedBy: '替代项', synonyms: '同义词', length: '长度', pattern: '模式',
    format: '格式', range: '取值范围', scale: '小数位数', unit: '计量单位', level: '层级',
    parent: '上级', owner: '主管部门', domain: '业务领域', kind: '系统类型', stores: '权威存储',
    from: '来源系统', to: '目标系统', carries: '承载数据集', via: '交换方式', agreement: '共享协议'
};

/** The declaration kinds, with Chinese and English names. */
export const KIND_NAMES = {
    Department: { zh: '部门', en: 'department' },
    CodeList: { zh: '代码表', en: 'code list' },
    Element: { zh: '数据元', en: 'element' },
    Record: { zh: '数据集', en: 'record' },
    Domain: { zh: '业务领域', en: 'domain' },
    System: { zh: '系统', en: 'system' },
    Flow: { zh: '数据流', en: 'flow' }
} as const;
export type DeclarationKind = keyof typeof KIND_NAMES;

/** Closest word of a vocabulary to a typo (Levenshtein distance ≤ 2), for "did you mean". */
export function suggest(value: string, candidates: Iterable<string>): string | undefined {
    if (value.length < 3) return undefined;
    let best: string | undefined;
    let bestDistance = 3;
    for (const c of candidates) {
        const d = editDistance(value.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) { best = c; bestDistance = d; }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    if (Math.abs(a.length - b.length) > 2) return 3;
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}

/** The semantic model's `kind` of each declaration kind. */
export const MODEL_KINDS = {
    department: 'Department', codelist: 'CodeList', element: 'Element', record: 'Record', domain: 'Domain', system: 'System', flow: 'Flow'
} as const satisfies Record<string, DeclarationKind>;

/** The Chinese name of a semantic-model kind (`element` → 数据元). */
export function kindLabel(kind: keyof typeof MODEL_KINDS): string {
    return KIND_NAMES[MODEL_KINDS[kind]].zh;
}
