import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag spells an ARN inside a finding id such as
 * `AwsSolutions-IAM5[Resource::<DossierTable1234.Arn>/index/*]`: a `GetAtt` of the consuming
 * stack as `<LogicalId.Attribute>`, a value imported from another stack as the export's name.
 *
 * Acknowledgments must name the exact finding, so they are derived from the same reference
 * the grant uses instead of being written by hand.
 *
 * @param consumer the construct whose policy holds the ARN
 * @param owner the resource the ARN belongs to
 */
export function nagArnText(consumer: IConstruct, owner: IConstruct, arn: string): string {
  const consumingStack = Stack.of(consumer);
  const owningStack = Stack.of(owner);
  // Automatic cross-stack references go through `exportValue` too, so this is the same export.
  const reference = owningStack === consumingStack ? arn : owningStack.exportValue(arn);
  return flattenReference(consumingStack.resolve(reference));
}

/** The same flattening cdk-nag applies to CloudFormation intrinsics in IAM findings. */
function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const intrinsic = node as Record<string, unknown>;
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, parts] = join as [string, unknown[]];
      return parts.map(flattenReference).join(delimiter);
    }
    if (intrinsic['Fn::Sub'] !== undefined) return flattenReference(intrinsic['Fn::Sub']);
    const getAtt = intrinsic['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      const [resource, attribute] = getAtt as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if (intrinsic['Fn::ImportValue'] !== undefined) return flattenReference(intrinsic['Fn::ImportValue']);
    if (intrinsic.Ref !== undefined) return `<${flattenReference(intrinsic.Ref)}>`;
  }
  return JSON.stringify(node);
}
