import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { POST_TITLE_MAX } from '../../../../../common/constants.ts';
import type { TPost } from '../../../../../common/posts.ts';
import { fieldMessages, problemMessage } from '../../../api/messages.ts';
import { useUpdatePost } from '../../../api/posts.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../components/Form.tsx';

export function EditPost({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const update = useUpdatePost(post.id);
  const [isOpen, setOpen] = useState(false);
  if (!isOpen) {
    return (
      <p>
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('posts.page.edit')}
        </button>
      </p>
    );
  }
  const errors = fieldMessages(t, update.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    update.mutate(
      { title: formText(element, 'title'), body: formText(element, 'body') },
      { onSuccess: () => setOpen(false) },
    );
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={update.error ? problemMessage(t, update.error) : undefined} />
      <TextField
        name="title"
        maxLength={POST_TITLE_MAX}
        counter={(used, max) => t('posts.new.titleCount', { count: used, max })}
        label={t('posts.new.titleLabel')}
        defaultValue={post.title}
        isRequired
        {...(errors.title ? { error: errors.title } : {})}
      />
      <TextArea
        name="body"
        label={t('posts.new.body')}
        defaultValue={post.body ?? ''}
        rows={5}
        {...(errors.body ? { error: errors.body } : {})}
      />
      <div className="actions">
        <SubmitButton isPending={update.isPending}>{t('posts.page.saveEdit')}</SubmitButton>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('posts.page.cancelEdit')}
        </button>
      </div>
    </form>
  );
}
