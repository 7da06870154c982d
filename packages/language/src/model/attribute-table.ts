import type { Attribute } from '../generated/ast.js';
import {
    GRADE, LEVEL, SHARE, STATUS, SYSTEM_KIND, UPDATE, VIA, type DeclarationKind
} from './vocabulary.js';

/** The keyword of each attribute node type (`StewardAttr` → `steward`). */
export const ATTRIBUTE_KEYWORD = {
    DefinitionAttr: 'definition', StewardAttr: 'steward', StatusAttr: 'status', GradeAttr: 'grade',
    PersonalAttr: 'personal', ShareAttr: 'share', ConditionAttr: 'condition', OpenAttr: 'open',
    UpdateAttr: 'update', SourceAttr: 'source', SinceAttr: 'since', ReplacedByAttr: 'replacedBy',
    SynonymsAttr: 'synonyms', LengthAttr: 'length', PatternAttr: 'pattern', FormatAttr: 'format',
    RangeAttr: 'range', ScaleAttr: 'scale', UnitAttr: 'unit', LevelAttr: 'level', ParentAttr: 'parent',
    OwnerAttr: 'owner', DomainAttr: 'domain', KindAttr: 'kind', StoresAttr: 'stores', FromAttr: 'from',
    ToAttr: 'to', CarriesAttr: 'carries', ViaAttr: 'via', AgreementAttr: 'agreement'
} as const satisfies Record<Attribute['$type'], string>;

export type AttributeType = keyof typeof ATTRIBUTE_KEYWORD;

const GOVERNANCE: AttributeType[] = [
    'DefinitionAttr', 'StewardAttr', 'StatusAttr', 'GradeAttr', 'PersonalAttr', 'ShareAttr',
    'ConditionAttr', 'OpenAttr', 'UpdateAttr', 'SourceAttr', 'SinceAttr', 'ReplacedByAttr', 'SynonymsAttr'
];
const CONSTRAINTS: AttributeType[] = ['LengthAttr', 'PatternAttr', 'FormatAttr', 'RangeAttr', 'ScaleAttr', 'UnitAttr'];
const DESCRIPTIVE: AttributeType[] = ['DefinitionAttr', 'SynonymsAttr'];

/** Which attributes each kind of declaration may carry. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<DeclarationKind, ReadonlySet<AttributeType>>> = {
    Element: new Set([...GOVERNANCE, ...CONSTRAINTS]),
    CodeList: new Set(GOVERNANCE),
    Record: new Set(GOVERNANCE),
    Department: new Set([...DESCRIPTIVE, 'LevelAttr', 'ParentAttr']),
    Domain: new Set([...DESCRIPTIVE, 'OwnerAttr', 'ParentAttr']),
    System: new Set([...DESCRIPTIVE, 'OwnerAttr', 'DomainAttr', 'KindAttr', 'StoresAttr', 'StatusAttr']),
    Flow: new Set([...DESCRIPTIVE, 'FromAttr', 'ToAttr', 'CarriesAttr', 'UpdateAttr', 'ViaAttr', 'AgreementAttr'])
};

/** Attributes a declaration must have. */
export const REQUIRED_ATTRIBUTES: Readonly<Partial<Record<DeclarationKind, readonly AttributeType[]>>> = {
    Department: ['LevelAttr'],
    Domain: ['OwnerAttr'],
    System: ['OwnerAttr'],
    Flow: ['FromAttr', 'ToAttr', 'CarriesAttr']
};

/** Attributes whose value is a word from a closed vocabulary. */
export const ATTRIBUTE_VOCABULARY: Readonly<Partial<Record<AttributeType, readonly string[]>>> = {
    StatusAttr: STATUS, GradeAttr: GRADE, ShareAttr: SHARE, OpenAttr: SHARE, UpdateAttr: UPDATE,
    LevelAttr: LEVEL, KindAttr: SYSTEM_KIND, ViaAttr: VIA
};
