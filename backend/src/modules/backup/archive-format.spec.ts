import { countRows, entryKind, fileEntry, tableEntry } from './archive-format';
import { archiveTarget } from './archive-names';
import { loadOrder } from './database-schema';

describe('backup archive', () => {
  it('names parts so that a restore knows the table or file they belong to', () => {
    expect(entryKind(tableEntry('messages', 3))).toEqual({ kind: 'table', table: 'messages' });
    expect(entryKind(fileEntry('avatars/u/v.webp', 1))).toEqual({
      kind: 'file',
      key: 'avatars/u/v.webp',
    });
    expect(entryKind('manifest.json')).toEqual({ kind: 'json', name: 'manifest.json' });
  });

  it('counts COPY text rows by their newlines', () => {
    expect(countRows(Buffer.from('1\ta\\nb\n2\tc\n'))).toBe(2);
    expect(countRows(Buffer.alloc(0))).toBe(0);
  });

  it('loads parents before children, alphabetically among equals, and refuses a cycle', () => {
    const edges = [
      { child: 'messages', parent: 'conversations' },
      { child: 'messages', parent: 'users' },
      { child: 'messages', parent: 'messages' },
      { child: 'conversations', parent: 'users' },
    ];
    expect(loadOrder(['messages', 'users', 'conversations', 'audit'], edges)).toEqual([
      'audit',
      'users',
      'conversations',
      'messages',
    ]);
    expect(() =>
      loadOrder(
        ['a', 'b'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow('foreign keys form a cycle between tables: a, b');
  });
});

describe('archive names', () => {
  it('names an archive in a folder or prefix by its UTC time', () => {
    const at = new Date('2026-12-07T03:17:05.123Z');
    expect(archiveTarget('/backups/', at)).toBe('/backups/chat-20261207T031705Z.tar');
    expect(archiveTarget('s3://b/nightly/', at)).toBe('s3://b/nightly/chat-20261207T031705Z.tar');
    expect(archiveTarget('/backups/mine.tar', at)).toBe('/backups/mine.tar');
  });
});
