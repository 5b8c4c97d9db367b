'use strict';
// Resolves the synthesized state machine's DefinitionString (an Fn::Join over Fn::GetAtt / Ref tokens) into
// plain ASL with placeholder ARNs, so that asl-validator and aws-local-stepfunctions can read it.
// Usage: node resolve-definition.cjs <template.json> [out.json]   (prints to stdout without out.json)
// A Lambda's placeholder ARN ends with the function's logical id: arn:aws:lambda:us-east-1:123456789012:function:<LogicalId>.
const fs = require('fs');

function placeholder(template, token) {
  if (typeof token === 'string') return token;
  if (token['Fn::GetAtt']) {
    const [logicalId] = token['Fn::GetAtt'];
    const type = (template.Resources[logicalId] || {}).Type;
    if (type === 'AWS::Lambda::Function') return `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;
    if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${logicalId.toLowerCase()}`;
    return `arn:aws:placeholder:us-east-1:123456789012:${logicalId}`;
  }
  if (token.Ref) {
    const type = (template.Resources[token.Ref] || {}).Type;
    if (type === 'AWS::S3::Bucket') return token.Ref.toLowerCase();
    if (token.Ref === 'AWS::Partition') return 'aws';
    if (token.Ref === 'AWS::Region') return 'us-east-1';
    if (token.Ref === 'AWS::AccountId') return '123456789012';
    if (token.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
    return token.Ref;
  }
  if (token['Fn::Join']) {
    const [sep, parts] = token['Fn::Join'];
    return parts.map((p) => placeholder(template, p)).join(sep);
  }
  throw new Error('Unsupported token in DefinitionString: ' + JSON.stringify(token));
}

function resolveDefinition(template) {
  const machines = Object.values(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`Expected one state machine, found ${machines.length}`);
  return JSON.parse(placeholder(template, machines[0].Properties.DefinitionString));
}

module.exports = { resolveDefinition };

if (require.main === module) {
  const template = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const text = JSON.stringify(resolveDefinition(template), null, 2);
  if (process.argv[3]) fs.writeFileSync(process.argv[3], text); else process.stdout.write(text + '\n');
}
