import { Routes } from '@angular/router';

/** `/`: the conversation list beside the open conversation (`/c/:id`). */
export const chatRoutes: Routes = [
  {
    path: '',
    title: 'Chats · Chat',
    data: { preload: true },
    loadComponent: () => import('./pages/chat-page/chat-page').then((m) => m.ChatPage),
    children: [
      {
        path: '',
        data: { preload: true },
        loadComponent: () =>
          import('./ui/chat-placeholder/chat-placeholder').then((m) => m.ChatPlaceholder),
      },
      {
        path: 'threads',
        title: 'Threads · Chat',
        loadComponent: () =>
          import('./threads/threads-view/threads-view').then((m) => m.ThreadsView),
      },
      {
        path: 'saved',
        title: 'Saved · Chat',
        loadComponent: () => import('./saved/saved-view/saved-view').then((m) => m.SavedView),
      },
      {
        path: 'c/:id',
        loadComponent: () => import('./pages/chat-view/chat-view').then((m) => m.ChatView),
      },
    ],
  },
];
