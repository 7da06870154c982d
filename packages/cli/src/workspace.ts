import { relative } from 'node:path';
import { buildWorkspace, createMdsCoreServices, type BuiltWorkspace, type Locale, type MdsCoreServices } from '@mds/language';
import { NodeFileSystem } from 'langium/node';
import { findSources, readSources } from './io/load-sources.js';
import type { Texts } from './report/texts.js';

export interface LoadedWorkspace {
    services: MdsCoreServices;
    workspace: BuiltWorkspace;
    /** Source text by path relative to the current folder (for excerpts). */
    sources: Map<string, string>;
    fileCount: number;
}

/** Finds, reads, parses, links and validates the `.mds` files under `paths` as one workspace. */
export async function loadWorkspace(paths: string[], cwd: string, locale: Locale, t: Texts): Promise<LoadedWorkspace> {
    const files = readSources(findSources(paths, cwd, t), cwd, t);
    const { Mds } = createMdsCoreServices(NodeFileSystem, { batch: true });
    Mds.options.Settings.locale = locale;
    const workspace = await buildWorkspace(Mds, files);
    const sources = new Map(files.map(f => [relative(cwd, f.path), f.text]));
    return { services: Mds, workspace, sources, fileCount: files.length };
}
