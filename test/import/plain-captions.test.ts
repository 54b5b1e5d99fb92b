// A scraped post in English: a caption set off by a blank line after an output belongs to the
// next command, not to the output above it (the Korean posts are told apart by their script).
import { describe, expect, it } from 'vitest';
import { readPost } from '../../runner/import/read-post.js';

const POST = `EKS week 3: storage

First, check the nodes.

$ kubectl get nodes
NAME              STATUS   ROLES    AGE   VERSION
ip-192-168-1-10   Ready    <none>   42m   v1.31.2

Create a config map with a heredoc.

$ cat <<EOF > cm.yaml
kind: ConfigMap
EOF

Who am I on the account?

$ kubectl describe cm app
Name:         app

Events:  <none>
`;

describe('readPost, plain text', () => {
  it('takes a trailing sentence after a blank line as the next caption, and keeps blank lines inside output', () => {
    const post = readPost(POST);
    expect(post.blocks.map((block) => [block.command, block.caption, block.output])).toEqual([
      ['kubectl get nodes', 'First, check the nodes.', 'NAME              STATUS   ROLES    AGE   VERSION\nip-192-168-1-10   Ready    <none>   42m   v1.31.2'],
      ['cat <<EOF > cm.yaml\nkind: ConfigMap\nEOF', 'Create a config map with a heredoc.', ''],
      ['kubectl describe cm app', 'Who am I on the account?', 'Name:         app\n\nEvents:  <none>'],
    ]);
  });
});
