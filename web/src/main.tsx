// First: a page reached by Back after Quick exit renders nothing (SAFETY 9).

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api/client.ts';
import { hasExited } from './components/exit-guard.ts';
import { Layout } from './components/Layout.tsx';
import './i18n/index.ts';
import SignIn from './routes/accounts/SignIn.tsx';
import Home from './routes/home/Home.tsx';
import './styles.css';

// Pages most people visit rarely load on demand.
const SignUp = lazy(() => import('./routes/accounts/SignUp.tsx'));
const CheckEmail = lazy(() => import('./routes/accounts/CheckEmail.tsx'));
const ConfirmSignIn = lazy(() => import('./routes/accounts/ConfirmSignIn.tsx'));
const NotFound = lazy(() => import('./routes/NotFound.tsx'));
const Profile = lazy(() => import('./routes/accounts/Profile.tsx'));
const Setup = lazy(() => import('./routes/accounts/Setup.tsx'));
const FindGroups = lazy(() => import('./routes/groups/FindGroups.tsx'));
const NewGroup = lazy(() => import('./routes/groups/NewGroup.tsx'));
const GroupPage = lazy(() => import('./routes/groups/GroupPage.tsx'));
const Members = lazy(() => import('./routes/groups/Members.tsx'));
const Invites = lazy(() => import('./routes/groups/Invites.tsx'));
const GroupSettings = lazy(() => import('./routes/groups/GroupSettings.tsx'));
const AcceptInvite = lazy(() => import('./routes/groups/AcceptInvite.tsx'));
const ImportGroups = lazy(() => import('./routes/groups/ImportGroups.tsx'));
const Feed = lazy(() => import('./routes/posts/Feed.tsx'));
const ChooseGroup = lazy(() => import('./routes/posts/ChooseGroup.tsx'));
const NewPost = lazy(() => import('./routes/posts/NewPost.tsx'));
const PostPage = lazy(() => import('./routes/posts/PostPage.tsx'));
const NearMe = lazy(() => import('./routes/posts/NearMe.tsx'));
const MatchPage = lazy(() => import('./routes/matching/MatchPage.tsx'));
const Board = lazy(() => import('./routes/matching/Board.tsx'));
const HelperProfile = lazy(() => import('./routes/matching/HelperProfile.tsx'));
const Notifications = lazy(() => import('./routes/notifications/Notifications.tsx'));
const NotificationSettings = lazy(() => import('./routes/notifications/Settings.tsx'));
const Unsubscribe = lazy(() => import('./routes/notifications/Unsubscribe.tsx'));
const DidItHappen = lazy(() => import('./routes/matching/DidItHappen.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

if (!hasExited) render();

function render() {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route path="/" element={<Home />} />
              <Route path="/sign-up" element={<SignUp />} />
              <Route path="/sign-in" element={<SignIn />} />
              <Route path="/check-email" element={<CheckEmail />} />
              <Route path="/auth/confirm" element={<ConfirmSignIn />} />
              <Route path="/profile" element={<Profile />} />
              <Route path="/setup" element={<Setup />} />
              <Route path="/groups" element={<FindGroups />} />
              <Route path="/groups/new" element={<NewGroup />} />
              <Route path="/groups/import" element={<ImportGroups />} />
              <Route path="/groups/:slug" element={<GroupPage />} />
              <Route path="/groups/:slug/members" element={<Members />} />
              <Route path="/groups/:slug/invites" element={<Invites />} />
              <Route path="/groups/:slug/settings" element={<GroupSettings />} />
              <Route path="/invite" element={<AcceptInvite />} />
              <Route path="/groups/:slug/posts" element={<Feed />} />
              <Route path="/groups/:slug/posts/new" element={<NewPost />} />
              <Route path="/posts/new" element={<ChooseGroup />} />
              <Route path="/posts/:id" element={<PostPage />} />
              <Route path="/near" element={<NearMe />} />
              <Route path="/matches/:id" element={<MatchPage />} />
              <Route path="/groups/:slug/board" element={<Board />} />
              <Route path="/groups/:slug/helping" element={<HelperProfile />} />
              <Route path="/notifications" element={<Notifications />} />
              <Route path="/settings/notifications" element={<NotificationSettings />} />
              <Route path="/unsubscribe/:token" element={<Unsubscribe />} />
              <Route path="/did-it-happen/:token" element={<DidItHappen />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
