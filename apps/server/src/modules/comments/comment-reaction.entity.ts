import { REACTION_EMOJI, type ReactionEmoji } from '@accord/contracts';
import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export { REACTION_EMOJI, type ReactionEmoji };

/** One member's reaction to a comment: at most one of each emoji per member. */
@Entity({ name: 'comment_reaction' })
export class CommentReactionEntity {
  @PrimaryColumn({ name: 'comment_id', type: 'uuid' })
  commentId: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @PrimaryColumn({ type: 'text' })
  emoji: ReactionEmoji;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A member mentioned in a comment: the "mentioning me" filter reads it. */
@Entity({ name: 'comment_mention' })
export class CommentMentionEntity {
  @PrimaryColumn({ name: 'comment_id', type: 'uuid' })
  commentId: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;
}
