import type { ValidationChecks } from 'langium';
import type { MdsAstType } from '../generated/ast.js';
import type { MdsCoreServices } from '../mds-module.js';
import { ArchitectureChecks } from './architecture-checks.js';
import { CodeListChecks } from './codelist-checks.js';
import { DeclarationChecks } from './declaration-checks.js';
import { ElementChecks } from './element-checks.js';
import { HeaderChecks } from './header-checks.js';
import { RecordChecks } from './record-checks.js';
import { BaselineChecks } from './baseline.js';
import { ReferenceKindChecks } from './reference-kind-checks.js';

/** Registers every rule. Each check class holds one area of the contract's rules. */
export function registerValidationChecks(services: MdsCoreServices): void {
    const header = new HeaderChecks(services);
    const decl = new DeclarationChecks(services);
    const kinds = new ReferenceKindChecks(services);
    const element = new ElementChecks(services);
    const record = new RecordChecks(services);
    const codes = new CodeListChecks(services);
    const arch = new ArchitectureChecks(services);
    const baseline = new BaselineChecks(services);
    const checks: ValidationChecks<MdsAstType> = {
        Model: [header.checkNamespace, header.checkVersion, header.checkImports, baseline.checkBaseline],
        Declaration: [decl.checkUniqueName, decl.checkAttributes],
        Element: [decl.checkRegistration, element.checkConstraints, element.checkSensitivity],
        CodeList: [decl.checkRegistration, codes.checkEntries, element.checkSensitivity],
        Record: [decl.checkRegistration, kinds.checkSuperType, record.checkFields, record.checkExtends, record.checkKeys,
            record.checkUsedElements, record.checkEffectiveGovernance, record.checkFinite],
        Department: [arch.checkDepartmentParent],
        Domain: [arch.checkDomainParent],
        System: [arch.checkSystemOfRecord],
        Flow: [arch.checkFlowSharing],
        Field: [kinds.checkField],
        TypeRef: [kinds.checkTypeRef],
        StewardAttr: [kinds.checkAttributeTarget],
        ParentAttr: [kinds.checkAttributeTarget],
        OwnerAttr: [kinds.checkAttributeTarget],
        DomainAttr: [kinds.checkAttributeTarget],
        FromAttr: [kinds.checkAttributeTarget],
        ToAttr: [kinds.checkAttributeTarget],
        ReplacedByAttr: [kinds.checkAttributeTarget],
        StoresAttr: [kinds.checkAttributeTargets],
        CarriesAttr: [kinds.checkAttributeTargets],
        SinceAttr: [header.checkSince]
    };
    services.validation.ValidationRegistry.register(checks, header);
}
