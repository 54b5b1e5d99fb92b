// Section slugs and generated step ids. A step without `id=` is named after its section and
// its place in that section, so edits elsewhere in the file never rename it.

export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/`|\*|_(?=\S)|(?<=\S)_/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

/** Makes repeated slugs unique the way GitHub anchors do: `setup`, `setup-2`, `setup-3`. */
export class SlugRegistry {
  private readonly counts = new Map<string, number>();

  unique(slug: string): string {
    const count = (this.counts.get(slug) ?? 0) + 1;
    this.counts.set(slug, count);
    return count === 1 ? slug : `${slug}-${count}`;
  }
}

export function generatedStepId(sectionSlug: string | undefined, indexInSection: number): string {
  return `${sectionSlug ?? 'step'}-${indexInSection}`;
}
